import { z } from 'zod';

/** Regression thresholds of `goldpath validate`. */
export const ThresholdsConfig = z.strictObject({
  /** A latency percentile regresses when worse than the baseline by more than its noise AND by this fraction ... */
  latencyRelative: z.number().nonnegative().default(0.5),
  /** ... AND by at least this many milliseconds (small absolute changes are noise on shared machines). */
  latencyAbsoluteMs: z.number().nonnegative().default(25),
  /** Percentiles compared. */
  latencyPercentiles: z.array(z.enum(['p50', 'p95', 'p99', 'max'])).default(['p50', 'p95']),
  /** A run shape's share may move by this much beyond the baseline's noise before it counts. */
  shapeShareTolerance: z.number().nonnegative().default(0.05),
  /** Named fields never compared (noisy by nature). */
  ignore: z.array(z.string()).default([]),
});
export type ThresholdsConfig = z.infer<typeof ThresholdsConfig>;
