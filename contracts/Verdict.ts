import { z } from 'zod';

export const ReasonKind = z.enum([
  'isolation',
  'contract',
  'order',
  'completeness',
  'shape',
  'latency',
  'resources',
  'missing_scenario',
  'infra',
]);
export type ReasonKind = z.infer<typeof ReasonKind>;

/** One difference from the baseline. `message` reads "what: expected X, received Y" and names the scenario. */
export const Reason = z.object({
  kind: ReasonKind,
  scenario: z.string(),
  what: z.string(),
  expected: z.string(),
  received: z.string(),
  message: z.string(),
  /** The compared field (`findings.order.illegal_transition`, `latency.engine_creation.p95`, `shapes`, `metricsDelta.x`): what `thresholds.ignore` names. */
  field: z.string().optional(),
  /** Example findings behind the reason (messages), capped. */
  examples: z.array(z.string()).optional(),
});
export type Reason = z.infer<typeof Reason>;

export const VerdictStatus = z.enum(['PASS', 'REGRESSED', 'BROKEN']);
export type VerdictStatus = z.infer<typeof VerdictStatus>;

/** The go / no-go of one run against a baseline. */
export const Verdict = z.object({
  status: VerdictStatus,
  step: z.string().optional(),
  reasons: z.array(Reason),
  improvements: z.array(Reason),
  /** Context that does not change the status: environment or contract differences, ignored fields, new scenarios. */
  notes: z.array(z.string()).default([]),
  baseline: z
    .object({
      name: z.string().optional(),
      file: z.string().optional(),
      createdAt: z.string(),
      passes: z.number().int(),
    })
    .optional(),
  runId: z.string().optional(),
});
export type Verdict = z.infer<typeof Verdict>;

/** Builds a reason with its message in the house format. */
export function reason(
  kind: ReasonKind,
  scenario: string,
  what: string,
  expected: string,
  received: string,
  extra: { field?: string; examples?: string[] } = {},
): Reason {
  const out: Reason = {
    kind,
    scenario,
    what,
    expected,
    received,
    message: `${what}: expected ${expected}, received ${received} (scenario "${scenario}")`,
  };
  if (extra.field !== undefined) out.field = extra.field;
  if (extra.examples !== undefined && extra.examples.length > 0) out.examples = extra.examples;
  return out;
}
