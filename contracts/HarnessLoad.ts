import { z } from 'zod';

/** The `mark` record name under which a worker records its own load while a scenario runs. */
export const HARNESS_LOAD_MARK = 'harness_load';

/**
 * goldpath's own load: its event-loop delay (Node's monitorEventLoopDelay) and CPU, per interval in a history's
 * `harness_load` marks, and as the worst interval of a scenario in summary.json.
 */
export const HarnessLoad = z.object({
  eventLoopP99Ms: z.number().nonnegative(),
  eventLoopMaxMs: z.number().nonnegative(),
  /** CPU of the worker process over the interval (100 = one core). */
  cpuPercent: z.number().nonnegative(),
  /** Simulated users connected in this worker. */
  users: z.number().int().nonnegative(),
  intervalMs: z.number().nonnegative().optional(),
  /** Receive time minus the backend's own stamp, above the smallest such difference seen (p99, ms). */
  stampSkewP99Ms: z.number().optional(),
  /** The same, at its worst. */
  stampSkewMaxMs: z.number().optional(),
});
export type HarnessLoad = z.infer<typeof HarnessLoad>;
