import { describe, expect, it } from 'vitest';
import { FINDING_CODES } from '../../contracts/Finding.ts';
import { DEFECT_NAMES } from '../../reference/defects/defectCatalog.ts';
import { BASELINE_LATENCY, DEFECT_EXPECTATIONS } from './defectExpectations.ts';
import { matchesExpected } from './matchesExpected.ts';

describe('DEFECT_EXPECTATIONS', () => {
  it('has an entry for every defect of the catalog, and nothing else', () => {
    expect(Object.keys(DEFECT_EXPECTATIONS).sort()).toEqual([...DEFECT_NAMES].sort());
    for (const [name, expectation] of Object.entries(DEFECT_EXPECTATIONS)) expect(expectation.defect).toBe(name);
  });

  it('expects only finding codes that exist, whole groups, or a baseline comparison', () => {
    const groups = new Set(FINDING_CODES.map((c) => `${c.slice(0, c.indexOf('.'))}.*`));
    for (const expectation of Object.values(DEFECT_EXPECTATIONS)) {
      expect(expectation.codes.length).toBeGreaterThan(0);
      for (const code of expectation.codes)
        expect(
          (FINDING_CODES as readonly string[]).includes(code) || groups.has(code) || code === BASELINE_LATENCY,
          `${expectation.defect}: ${code}`,
        ).toBe(true);
    }
  });
});

describe('matchesExpected', () => {
  it('matches exact codes and whole groups', () => {
    expect(matchesExpected('order.duplicate_terminal', ['order.duplicate_terminal'])).toBe(true);
    expect(
      matchesExpected('completeness.run_not_terminated', ['resources.limit_rejections_mismatch', 'completeness.*']),
    ).toBe(true);
    expect(matchesExpected('order.duplicate_terminal', ['order.started_not_first'])).toBe(false);
    expect(matchesExpected('orderly.x', ['order.*'])).toBe(false);
  });
});
