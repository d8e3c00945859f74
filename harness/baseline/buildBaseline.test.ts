import { describe, expect, it } from 'vitest';
import { GOLDEN_SHAPE, makeScenario, makeSummary, percentiles } from '../report/testing/makeSummary.ts';
import { Baseline } from '../../contracts/Baseline.ts';
import { buildBaseline } from './buildBaseline.ts';
import { parseBaseline } from './parseBaseline.ts';

describe('buildBaseline', () => {
  it('records shares, findings, latency and metrics per pass with the spread as noise', () => {
    const baseline = buildBaseline(
      [
        makeSummary(
          [
            makeScenario({
              shapes: { [GOLDEN_SHAPE]: 18, 'S T D': 2 },
              findingsByCode: { 'order.gap_exceeded': 1 },
              latency: { engine_creation: percentiles(10) },
            }),
          ],
          { runId: 'a' },
        ),
        makeSummary([makeScenario({ shapes: { [GOLDEN_SHAPE]: 20 }, latency: { engine_creation: percentiles(14) } })], {
          runId: 'b',
        }),
      ],
      { name: 'pre-migration', now: new Date('2026-11-23T00:00:00Z') },
    );
    expect(Baseline.parse(baseline)).toEqual(baseline);
    const scenario = baseline.scenarios[0]!;
    expect(baseline).toMatchObject({
      format: 'goldpath.baseline',
      version: 1,
      passes: 2,
      runIds: ['a', 'b'],
      name: 'pre-migration',
      contractVersion: '1.0.0',
      warnings: [],
    });
    expect(scenario.shapes[GOLDEN_SHAPE]).toEqual({
      counts: [18, 20],
      share: { values: [0.9, 1], mean: 0.95, min: 0.9, max: 1, noise: 0.1 },
    });
    expect(scenario.shapes['S T D']?.counts).toEqual([2, 0]);
    expect(scenario.findingsByCode['order.gap_exceeded']).toMatchObject({ values: [1, 0], noise: 1 });
    expect(scenario.latency.engine_creation?.p50).toMatchObject({ values: [10, 14], mean: 12, noise: 4 });
    expect(scenario.metricsDelta.active_engines_count?.max).toBe(0);
  });

  it('warns that one pass gives no noise', () => {
    const baseline = buildBaseline([makeSummary()]);
    expect(baseline.warnings).toEqual([
      'one pass only: noise is 0, so any difference will count. Record with --passes 2 or more.',
    ]);
    expect(baseline.scenarios[0]?.latency.engine_creation?.p95.noise).toBe(0);
  });

  it('warns about a baseline whose engines did not return to zero', () => {
    const baseline = buildBaseline([
      makeSummary([makeScenario({ metricsDelta: { active_engines_count: 1 } })]),
      makeSummary(),
    ]);
    expect(baseline.warnings).toContain(
      'scenario "golden path": active_engines_count did not return to zero in the baseline; every validation will report it',
    );
  });

  it('refuses an empty list of passes', () => {
    expect(() => buildBaseline([])).toThrow('a baseline needs at least one summary');
  });
});

describe('parseBaseline', () => {
  it('reads back what buildBaseline wrote', () => {
    const baseline = buildBaseline([makeSummary(), makeSummary()]);
    expect(parseBaseline(JSON.parse(JSON.stringify(baseline)))).toEqual(baseline);
  });

  it('says a summary is not a baseline and how to record one', () => {
    expect(() => parseBaseline(makeSummary(), 'baselines/x.json')).toThrow(
      'baselines/x.json is not a goldpath baseline: expected format "goldpath.baseline", found a "goldpath.summary" file. Record one with `goldpath baseline --out baselines/x.json`.',
    );
  });

  it('refuses another baseline version with a clear message', () => {
    const old = { ...buildBaseline([makeSummary()]), version: 0 };
    expect(() => parseBaseline(old, 'b.json')).toThrow(
      'b.json is baseline version 0, this goldpath reads version 1. Record it again with `goldpath baseline --out b.json`.',
    );
  });
});
