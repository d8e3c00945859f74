import { z } from 'zod';
import { ImportGate } from './ImportCensus.ts';
import { Verdict } from './Verdict.ts';

export const TIMELINE_FORMAT = 'goldpath.migration';

/** One point of the migration as it happened. */
export const TimelineEntry = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string().optional(),
  /** How the backend was reached: "reference factoryPath=compat defects=-", "url ws://...", "config x.ts". */
  state: z.string(),
  /** INCOMPLETE: the golden path matches the baseline, but the step's code does not meet its import expectations. */
  status: z.enum(['RECORDED', 'PASS', 'REGRESSED', 'BROKEN', 'INCOMPLETE', 'ERROR', 'NOT_RUN']),
  startedAt: z.string().optional(),
  durationMs: z.number().nonnegative().optional(),
  /** Report folders, relative to the migration's out dir. */
  reports: z.array(z.string()),
  verdict: Verdict.optional(),
  /** The step gate on the code: its import census and expectations. */
  imports: ImportGate.optional(),
  error: z.string().optional(),
  /** For the baseline: its noise, as printed. */
  noise: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** What `goldpath migrate` did: the baseline, each step's verdict, where it stopped and where to roll back to. */
export const MigrationTimeline = z.object({
  format: z.literal(TIMELINE_FORMAT),
  version: z.literal(1),
  plan: z.string(),
  planFile: z.string().optional(),
  description: z.string().optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  status: z.enum(['COMPLETED', 'STOPPED', 'INFRA_ERROR']),
  baselineFile: z.string().optional(),
  baseline: TimelineEntry,
  steps: z.array(TimelineEntry),
  stoppedAt: z.string().optional(),
  /** The last point that passed: the state to roll back to when a step fails. */
  rollbackTo: z.object({ name: z.string(), title: z.string() }).optional(),
  message: z.string(),
});
export type MigrationTimeline = z.infer<typeof MigrationTimeline>;
