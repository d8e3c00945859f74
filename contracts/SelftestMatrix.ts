import { z } from 'zod';
import { Percentiles } from './Summary.ts';

export const SELFTEST_FORMAT = 'goldpath.selftest';
export const SELFTEST_VERSION = 1;

/**
 * detected: a finding of an expected code; other_codes: the suite failed, but only with other codes (the harness
 * notices something, the check that should name the defect does not); missed: no finding at all; error: the run
 * itself failed (exit 2 or 3, no summary).
 */
export const DetectionStatus = z.enum(['detected', 'other_codes', 'missed', 'error']);
export type DetectionStatus = z.infer<typeof DetectionStatus>;

/** engine_creation percentiles of the clean backend and the defective one on the same scenarios (slow-factory). */
export const LatencyEvidence = z.object({
  clean: Percentiles,
  defective: Percentiles,
  p50Ratio: z.number(),
  p95Ratio: z.number(),
  /** The latency reasons of compareWithBaseline (a baseline of clean passes). */
  reasons: z.array(z.string()),
});
export type LatencyEvidence = z.infer<typeof LatencyEvidence>;

/** One row of the matrix: one defect alone, its scenarios, and what the checks said. */
export const DefectRow = z.object({
  defect: z.string(),
  spec: z.string(),
  scenario: z.string(),
  users: z.number().int().positive().optional(),
  expected: z.array(z.string()),
  status: DetectionStatus,
  exitCode: z.number().int(),
  /** Every finding code of the run, grouped by check: `{ isolation: { 'isolation.foreign_canary': 3 } }`. */
  byGroup: z.record(z.string(), z.record(z.string(), z.number().int())),
  /** Counts of the expected codes that appeared. */
  matched: z.record(z.string(), z.number().int()),
  /** Wall time of the whole run (Playwright start to summary). */
  runMs: z.number().nonnegative(),
  /** From the start of the run to the first frame that proves an expected finding (from the histories). */
  firstEvidenceMs: z.number().nonnegative().optional(),
  latency: LatencyEvidence.optional(),
  why: z.string(),
  /** Why it was not detected, when it was not. */
  note: z.string().optional(),
  outDir: z.string(),
});
export type DefectRow = z.infer<typeof DefectRow>;

/** The clean backend, its suite repeated with --repeat-each. */
export const CleanResult = z.object({
  repeatEach: z.number().int().positive(),
  scenario: z.string().optional(),
  project: z.array(z.string()).optional(),
  users: z.number().int().positive().optional(),
  status: z.enum(['clean', 'findings', 'error']),
  exitCode: z.number().int(),
  scenarios: z.number().int(),
  failed: z.number().int(),
  runs: z.number().int(),
  findings: z.number().int(),
  findingsByCode: z.record(z.string(), z.number().int()),
  durationMs: z.number().nonnegative(),
  outDir: z.string(),
});
export type CleanResult = z.infer<typeof CleanResult>;

/** How many runs catch a leak of probability p with the given confidence: n ≥ ln(1 − c) / ln(1 − p·q). */
export const LeakMath = z.object({
  probability: z.number(),
  confidence: z.number(),
  /** Fraction of struck runs the suite detects (1 = every strike seen). */
  detectionPerStrike: z.number(),
  /** null: never (no strike was ever seen). */
  runs: z.number().int().nullable(),
  /** The same in users of the concurrent-users scenario (3 runs each). */
  users: z.number().int().nullable(),
  /** Passes of the suite as measured. */
  passes: z.number().int().nullable().optional(),
});
export type LeakMath = z.infer<typeof LeakMath>;

/** An intermittent defect (`name@p`) over several passes of the suite, each with its own seed. */
export const IntermittentResult = z.object({
  spec: z.string(),
  probability: z.number(),
  expected: z.array(z.string()),
  scenario: z.string().optional(),
  project: z.array(z.string()).optional(),
  passes: z.number().int(),
  detectedPasses: z.number().int(),
  /** detectedPasses / passes */
  passRate: z.number(),
  /** Runs started per pass (mean). */
  runsPerPass: z.number(),
  /** Runs the defect struck, replayed from the backend's seeded draws (summed over passes). */
  struckRuns: z.number().int(),
  /** Struck runs that left an expected finding (estimated from the finding counts, summed over passes). */
  detectedRuns: z.number().int(),
  seeds: z.array(z.number().int()),
  durationMs: z.number().nonnegative(),
  /** Runs needed to catch it with 99 % probability at the measured fraction of strikes seen. */
  leak: LeakMath,
});
export type IntermittentResult = z.infer<typeof IntermittentResult>;

export const SelftestMatrix = z.object({
  format: z.literal(SELFTEST_FORMAT),
  version: z.literal(SELFTEST_VERSION),
  createdAt: z.string(),
  durationMs: z.number().nonnegative(),
  runDeadlineMs: z.number().positive(),
  defects: z.array(DefectRow),
  clean: CleanResult.optional(),
  intermittent: z.array(IntermittentResult),
  /** The same figure for a 1-in-20 leak when every struck run is seen. */
  leak: LeakMath,
  passed: z.boolean(),
  /** Defects not detected with their expected codes, and why the self-test failed otherwise. */
  problems: z.array(z.string()),
});
export type SelftestMatrix = z.infer<typeof SelftestMatrix>;
