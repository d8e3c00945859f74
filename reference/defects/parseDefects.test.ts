import { describe, expect, test } from 'vitest';
import { DEFECT_CATALOG, DEFECT_NAMES } from './defectCatalog.ts';
import { DefectPlan } from './DefectPlan.ts';
import { DefectSpecError, parseDefects } from './parseDefects.ts';

describe('parseDefects', () => {
  test('parses plain names, probabilities and the slow-factory delay', () => {
    expect(parseDefects(['drop-thinking', 'shared-emitter@0.05', 'slow-factory:300'])).toEqual([
      { name: 'drop-thinking', probability: 1, parameter: undefined },
      { name: 'shared-emitter', probability: 0.05, parameter: undefined },
      { name: 'slow-factory', probability: 1, parameter: 300 },
    ]);
    expect(parseDefects('slow-factory, schema-drift')).toEqual([
      { name: 'slow-factory', probability: 1, parameter: 150 },
      { name: 'schema-drift', probability: 1, parameter: undefined },
    ]);
  });

  test('names the known defects when a name is unknown', () => {
    expect(() => parseDefects(['drop-thinkin'])).toThrow(DefectSpecError);
    expect(() => parseDefects(['drop-thinkin'])).toThrow(
      `Unknown defect "drop-thinkin": expected one of ${DEFECT_NAMES.join(', ')}.`,
    );
  });

  test('rejects probabilities outside (0, 1], parameters on other defects and duplicates', () => {
    expect(() => parseDefects(['drop-thinking@0'])).toThrow('expected a probability 0 < p <= 1');
    expect(() => parseDefects(['drop-thinking@1.5'])).toThrow('expected a probability 0 < p <= 1');
    expect(() => parseDefects(['drop-thinking:5'])).toThrow('only slow-factory takes a ":<ms>" parameter');
    expect(() => parseDefects(['drop-thinking', 'drop-thinking@0.5'])).toThrow('listed twice');
  });

  test('catalogs every defect with a one-line description', () => {
    expect(DEFECT_CATALOG).toHaveLength(25);
    for (const defect of DEFECT_CATALOG) expect(defect.description).not.toContain('\n');
  });
});

describe('DefectPlan', () => {
  test('strikes an intermittent defect on a reproducible fraction of runs', () => {
    const draws = (seed: number): boolean[] => {
      const plan = new DefectPlan(parseDefects(['drop-thinking@0.25']), seed);
      return Array.from({ length: 400 }, () => plan.drawForRun().has('drop-thinking'));
    };
    const first = draws(42);
    expect(draws(42)).toEqual(first);
    expect(draws(43)).not.toEqual(first);
    const struck = first.filter(Boolean).length;
    expect(struck).toBeGreaterThan(60);
    expect(struck).toBeLessThan(140);
  });

  test('rewinds to the first decision on restart', () => {
    const plan = new DefectPlan(parseDefects(['drop-thinking@0.5']), 9);
    const before = Array.from({ length: 20 }, () => plan.drawForRun().has('drop-thinking'));
    plan.restart();
    expect(Array.from({ length: 20 }, () => plan.drawForRun().has('drop-thinking'))).toEqual(before);
  });

  test('draws a per-connection defect only for sockets and a run defect only for runs, each from its own sequence', () => {
    const plan = new DefectPlan(parseDefects(['router-arity-closes-socket', 'drop-thinking@0.5']), 9);
    const alone = new DefectPlan(parseDefects(['drop-thinking@0.5']), 9);
    for (let i = 0; i < 20; i++) {
      const socket = plan.drawForConnection();
      expect(socket.has('router-arity-closes-socket')).toBe(true);
      expect(socket.has('drop-thinking')).toBe(false);
      const run = plan.drawForRun();
      expect(run.has('router-arity-closes-socket')).toBe(false);
      expect(run.has('drop-thinking')).toBe(alone.drawForRun().has('drop-thinking'));
    }
  });
});
