import { runsToDetect } from './runsToDetect.ts';
import type { LeakMath } from '../../contracts/SelftestMatrix.ts';

export const LEAK_PROBABILITY = 0.05;
export const LEAK_CONFIDENCE = 0.99;
/** Runs per user of the concurrent-users scenario. */
const RUNS_PER_USER = 3;

/**
 * Runs, users (of the concurrent-users scenario) and suite passes that catch a leak of `probability` with 99 %
 * confidence when a fraction `detectionPerStrike` of struck runs leaves a finding.
 * @example leakMath(0.05, 1).runs // 90
 */
export function leakMath(probability: number, detectionPerStrike: number, runsPerPass?: number): LeakMath {
  const n = runsToDetect(probability, LEAK_CONFIDENCE, detectionPerStrike);
  const runs = Number.isFinite(n) ? n : null;
  return {
    probability,
    confidence: LEAK_CONFIDENCE,
    detectionPerStrike: Math.round(detectionPerStrike * 1000) / 1000,
    runs,
    users: runs === null ? null : Math.ceil(runs / RUNS_PER_USER),
    ...(runsPerPass !== undefined &&
      runsPerPass > 0 && { passes: runs === null ? null : Math.ceil(runs / runsPerPass) }),
  };
}
