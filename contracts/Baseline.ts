import { z } from 'zod';
import { LatencyName, Percentiles } from './Summary.ts';
import { Stat } from './Stat.ts';

export const BASELINE_FORMAT = 'goldpath.baseline';
export const BASELINE_VERSION = 1;

/** A run shape's count and share (of the scenario's runs) in each pass. */
export const BaselineShape = z.object({
  counts: z.array(z.number().int().nonnegative()),
  share: Stat,
});
export type BaselineShape = z.infer<typeof BaselineShape>;

/** One latency figure: the percentiles of each pass, and per percentile the mean and noise between passes. */
export const BaselineLatency = z.object({
  passes: z.array(Percentiles),
  p50: Stat,
  p95: Stat,
  p99: Stat,
  max: Stat,
});
export type BaselineLatency = z.infer<typeof BaselineLatency>;

/** What one scenario did in every pass of the known-good code. */
export const BaselineScenario = z.object({
  /** `project › name` when the scenario ran in a named project, else the name. */
  key: z.string(),
  name: z.string(),
  project: z.string().optional(),
  /** Passes in which the scenario ran (not skipped). */
  passes: z.number().int().nonnegative(),
  statuses: z.array(z.string()),
  users: z.number().int().nonnegative(),
  runs: Stat,
  /** Full run shapes (tool names kept): for the record and the report, not compared. */
  shapes: z.record(z.string(), BaselineShape),
  /** Root skeletons (tool names masked, each event kind once, sub-agents left out): what shape shares are judged on. */
  skeletons: z.record(z.string(), BaselineShape),
  /** Sub-agent span skeletons (`[data S T X C D ]`): in how many runs of each pass each one showed (share of all runs). */
  agents: z.record(z.string(), BaselineShape).optional(),
  /** Count of each finding code per pass; codes seen in no pass are absent (= 0). */
  findingsByCode: z.record(z.string(), Stat),
  latency: z.partialRecord(LatencyName, BaselineLatency),
  metricsDelta: z.record(z.string(), Stat),
});
export type BaselineScenario = z.infer<typeof BaselineScenario>;

/**
 * A recorded baseline: K passes of the same code, with the noise between them.
 * Differences within that noise are never regressions (Diffy's rule).
 */
export const Baseline = z.object({
  format: z.literal(BASELINE_FORMAT),
  version: z.literal(BASELINE_VERSION),
  name: z.string().optional(),
  createdAt: z.string(),
  goldpathVersion: z.string(),
  contractVersion: z.string(),
  target: z.object({ kind: z.string(), url: z.string().optional(), label: z.string().optional() }),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  passes: z.number().int().positive(),
  runIds: z.array(z.string()),
  /** Anything that makes this baseline weaker than it looks (one pass, failed scenarios, mixed versions). */
  warnings: z.array(z.string()),
  scenarios: z.array(BaselineScenario),
});
export type Baseline = z.infer<typeof Baseline>;
