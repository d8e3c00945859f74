import { z } from 'zod';
import { CONTRACT_VERSION } from './contractVersion.ts';

/**
 * The golden-path ordering rules as data. A later contract version changes these values, not the checks' code.
 *
 * A run is every frame of one run_id for one user. Its frames form agent spans: `start` opens a span named by the
 * agent (`spans.nameField`), a `terminal` event of that name closes it, spans nest, and a frame without an agent name
 * belongs to the innermost open span. The run ends when its first (root) span closes.
 * Per span: `start` first and once, `follows` between the span's own events, `spans.required` before its end, each
 * `toolPairing.open` closed by a `toolPairing.close` of the same span, inner spans closed before it, nothing after its
 * end. Per run: `required` over the whole run, one root terminal and nothing after it, `maxGapMs` between events,
 * `runDeadlineMs` from the request. A backend with one agent per run is the one-span case.
 */
export const GoldenPathRules = z.object({
  version: z.string(),
  /** The event that must open every run. */
  start: z.string(),
  /** Events that end a run; exactly one per run. */
  terminal: z.array(z.string()).min(1),
  /** Which event types may follow each type within one run. Types absent here are neutral (allowed anywhere inside a run). */
  follows: z.record(z.string(), z.array(z.string())),
  /** Event types every successful run must show, over all its spans (a run may legitimately have no tool calls). */
  required: z.array(z.string()),
  /** How a tool start is paired with its completion: by the first id field present, else by tool name in order. */
  toolPairing: z.object({
    open: z.string(),
    close: z.string(),
    idFields: z.array(z.string()),
    fallback: z.literal('tool_name'),
  }),
  /** Agent spans within a run (see above). */
  spans: z.object({
    /** The field that names a span's agent (read with readField, so also metadata.agent_name). */
    nameField: z.string(),
    /** Event types each span must show before its end. */
    required: z.array(z.string()),
  }),
  /** Largest allowed gap between consecutive events of a run (their SLA: 15 s). */
  maxGapMs: z.number().positive(),
  /** Every event of a run within this time of the request (their SLA: 60 s). */
  runDeadlineMs: z.number().positive(),
});
export type GoldenPathRules = z.infer<typeof GoldenPathRules>;

export const DEFAULT_GOLDEN_PATH_RULES: GoldenPathRules = GoldenPathRules.parse({
  version: CONTRACT_VERSION,
  start: 'agent_started',
  terminal: ['agent_completed', 'agent_error'],
  follows: {
    agent_started: ['agent_thinking', 'tool_executing', 'agent_completed', 'agent_error'],
    agent_thinking: ['agent_thinking', 'tool_executing', 'agent_completed', 'agent_error'],
    tool_executing: ['tool_executing', 'tool_completed', 'agent_thinking', 'agent_error'],
    tool_completed: ['agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed', 'agent_error'],
    agent_completed: [],
    agent_error: [],
  },
  required: ['agent_started', 'agent_thinking', 'agent_completed'],
  toolPairing: {
    open: 'tool_executing',
    close: 'tool_completed',
    idFields: ['execution_id', 'tool_call_id'],
    fallback: 'tool_name',
  },
  spans: { nameField: 'agent_name', required: ['agent_thinking'] },
  maxGapMs: 15_000,
  runDeadlineMs: 60_000,
});
