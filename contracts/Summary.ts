import { z } from 'zod';
import { Finding } from './Finding.ts';
import { HarnessLoad } from './HarnessLoad.ts';

export const SUMMARY_FORMAT = 'goldpath.summary';
export const SUMMARY_VERSION = 1;

/** Milliseconds at the usual percentiles, from an HDR histogram. */
export const Percentiles = z.object({
  count: z.number().int().nonnegative(),
  min: z.number(),
  p50: z.number(),
  p95: z.number(),
  p99: z.number(),
  max: z.number(),
  mean: z.number(),
});
export type Percentiles = z.infer<typeof Percentiles>;

/** Latency figures per scenario: request → agent_started (engine creation), → first event, → terminal; tool durations. */
export const LatencyName = z.enum(['engine_creation', 'first_event', 'terminal', 'tool']);
export type LatencyName = z.infer<typeof LatencyName>;

/** A check that could not run for a scenario, and why ("resources": "the target exposes no factory metrics"). */
export const NotChecked = z.object({ check: z.string(), reason: z.string() });
export type NotChecked = z.infer<typeof NotChecked>;

/** What kind of failure goldpath met: a wrong flag or config (exit 2), goldpath unable to do its job (3), a finding (1). */
export const ErrorKind = z.enum(['usage', 'infrastructure', 'finding']);
export type ErrorKind = z.infer<typeof ErrorKind>;

/** The failure that ended a scenario, as data: its kind, its stable code and its message (without the code). */
export const ScenarioFailure = z.object({ kind: ErrorKind, code: z.string(), message: z.string() });
export type ScenarioFailure = z.infer<typeof ScenarioFailure>;

export const ScenarioSummary = z.object({
  name: z.string(),
  file: z.string().optional(),
  project: z.string().optional(),
  status: z.enum(['passed', 'failed', 'skipped', 'flaky', 'timedOut', 'interrupted']),
  durationMs: z.number().nonnegative(),
  users: z.number().int().nonnegative(),
  requests: z.number().int().nonnegative(),
  runs: z.number().int().nonnegative(),
  runsCompleted: z.number().int().nonnegative(),
  events: z.number().int().nonnegative(),
  frames: z.number().int().nonnegative(),
  findingsByCode: z.record(z.string(), z.number().int()),
  /** The findings themselves (identical ones merged upstream may be capped; `findingsByCode` holds full counts). */
  findings: z.array(Finding),
  latency: z.partialRecord(LatencyName, Percentiles),
  /** Run shapes (`S T X:search C:search T D`) and how many runs had each. */
  shapes: z.record(z.string(), z.number().int()),
  /** after − before of numeric factory metrics, when the target exposes them. */
  metricsDelta: z.record(z.string(), z.number()).optional(),
  /** History files of this scenario, relative to the summary. */
  histories: z.array(z.string()),
  /** goldpath's own load while the scenario ran (its worst interval). */
  harnessLoad: HarnessLoad.optional(),
  error: z.string().optional(),
  /** The kind of the error goldpath raised in the scenario (absent for a plain assertion failure). */
  failure: ScenarioFailure.optional(),
  /** Why a skipped scenario did not run (a capability the target does not declare, no browser). */
  skipReason: z.string().optional(),
  /** Checks that could not run over this scenario's histories; never a pass. */
  notChecked: z.array(NotChecked).optional(),
});
export type ScenarioSummary = z.infer<typeof ScenarioSummary>;

/**
 * What the scenario runner (Playwright Test) itself reported: its status, how many scenarios it listed and how many ran
 * to an end, and its errors outside any scenario (a spec file that failed to load, the global timeout). The exit code
 * of a run is decided from this and the scenarios, never from the scenarios alone.
 */
export const RunResult = z.object({
  playwrightStatus: z.enum(['passed', 'failed', 'timedout', 'interrupted']),
  listed: z.number().int().nonnegative(),
  finished: z.number().int().nonnegative(),
  errors: z.array(z.string()),
  /** Why goldpath could not do its job, when it could not (each reason makes the status infrastructure_error). */
  problems: z.array(z.string()),
});
export type RunResult = z.infer<typeof RunResult>;

export const Summary = z.object({
  format: z.literal(SUMMARY_FORMAT),
  version: z.literal(SUMMARY_VERSION),
  runId: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  goldpathVersion: z.string(),
  contractVersion: z.string(),
  target: z.object({ kind: z.string(), url: z.string().optional(), label: z.string().optional() }),
  environment: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** Written by every `goldpath run`; absent in summaries assembled elsewhere. */
  result: RunResult.optional(),
  scenarios: z.array(ScenarioSummary),
  totals: z.object({
    scenarios: z.number().int(),
    passed: z.number().int(),
    failed: z.number().int(),
    skipped: z.number().int().optional(),
    runs: z.number().int(),
    events: z.number().int(),
    findings: z.number().int(),
  }),
  findingsByCode: z.record(z.string(), z.number().int()),
  status: z.enum(['passed', 'failed', 'infrastructure_error', 'interrupted']),
  /** Why a run stopped before its end: a signal, the --max-duration budget, or the goldpath process died. */
  stoppedBy: z.enum(['SIGINT', 'SIGTERM', 'budget', 'parent_died']).optional(),
});
export type Summary = z.infer<typeof Summary>;
