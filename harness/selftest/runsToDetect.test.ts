import { describe, expect, it } from 'vitest';
import { leakMath } from './leakMath.ts';
import { runsToDetect } from './runsToDetect.ts';

describe('runsToDetect', () => {
  it('needs 90 runs to catch a 1-in-20 leak with 99 % probability when every strike is seen', () => {
    expect(runsToDetect(0.05, 0.99)).toBe(90);
    expect(1 - 0.95 ** 90).toBeGreaterThanOrEqual(0.99);
    expect(1 - 0.95 ** 89).toBeLessThan(0.99);
  });

  it('needs more runs when only part of the strikes leave a finding, and never when none do', () => {
    expect(runsToDetect(0.05, 0.99, 0.5)).toBe(182);
    expect(runsToDetect(0.05, 0.99, 0)).toBe(Number.POSITIVE_INFINITY);
    expect(leakMath(0.05, 0)).toMatchObject({ runs: null, users: null });
    expect(leakMath(0.05, 1, 400)).toMatchObject({ runs: 90, users: 30, passes: 1 });
  });
});
