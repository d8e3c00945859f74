import { z } from 'zod';

/** Stable finding codes. A code never changes meaning; new ones are added at the end of their group. */
export const FINDING_CODES = [
  // contract: the raw wire frame against the zod contracts
  'contract.schema_mismatch',
  'contract.unknown_event',
  'contract.invalid_json',
  'contract.unmappable_frame',
  'contract.binary_frame',
  'contract.content_rule',
  'contract.field_misplaced',
  'contract.frame_too_large',
  // order: the golden-path rules per run
  'order.started_not_first',
  'order.duplicate_started',
  'order.illegal_transition',
  'order.completed_before_started',
  'order.duplicate_tool_start',
  'order.tool_left_open',
  'order.duplicate_terminal',
  'order.event_after_terminal',
  'order.timestamp_regression',
  'order.gap_exceeded',
  'order.span_left_open',
  // completeness: every request answered by a run that reaches a terminal event
  'completeness.no_run_for_request',
  'completeness.run_not_terminated',
  'completeness.missing_event_type',
  'completeness.unexpected_error',
  'completeness.closed_mid_run',
  // isolation: nothing of one user reaches another
  'isolation.foreign_user_id',
  'isolation.foreign_run_id',
  'isolation.foreign_thread_id',
  'isolation.foreign_canary',
  'isolation.stale_canary',
  /** Every simulated user was welcomed as one and the same identity (DEMO_MODE): isolation cannot be checked. */
  'isolation.shared_identity',
  // latency
  'latency.sla_exceeded',
  // resources: factory metrics before and after
  'resources.engines_not_released',
  'resources.engine_count_mismatch',
  'resources.limit_rejections_mismatch',
  // infrastructure seen in the history
  'infra.connection_error',
  'infra.unexpected_close',
  'infra.harness_overloaded',
  // security: what the auth probes prove
  /** A probe with no token, a bad signature, an expired token or a wrong issuer was welcomed. */
  'security.auth_bypass',
] as const;

export const FindingCode = z.enum(FINDING_CODES);
export type FindingCode = z.infer<typeof FindingCode>;

export const Severity = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof Severity>;

/** The other side of a finding that involves two users or two runs (isolation). */
export const FindingRelated = z.object({
  user: z.string().optional(),
  runId: z.string().optional(),
  frameIndex: z.number().int().optional(),
});
export type FindingRelated = z.infer<typeof FindingRelated>;

/**
 * One violated expectation. `message` reads "what: expected X, received Y" and names user, run and frame.
 * `frameIndex` is the `seq` of the history record that proves it. Build one with buildFinding, which derives the message.
 */
export const Finding = z.object({
  code: FindingCode,
  severity: Severity,
  message: z.string(),
  user: z.string().optional(),
  runId: z.string().optional(),
  frameIndex: z.number().int().optional(),
  expected: z.string().optional(),
  received: z.string().optional(),
  related: FindingRelated.optional(),
  scenario: z.string().optional(),
});
export type Finding = z.infer<typeof Finding>;

/** The group of a finding code: contract, order, completeness, isolation, latency, resources, infra or security. */
export function findingGroup(code: FindingCode): string {
  return code.slice(0, code.indexOf('.'));
}
