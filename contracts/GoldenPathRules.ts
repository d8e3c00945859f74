import { z } from 'zod';
import { CONTRACT_VERSION } from './contractVersion.ts';

/**
 * The golden-path ordering rules as data. A later contract version changes these values,
 * not the checks' code.
 */
export const GoldenPathRules = z.object({
  version: z.string(),
  /** The event that must open every run. */
  start: z.string(),
  /** Events that end a run; exactly one per run. */
  terminal: z.array(z.string()).min(1),
  /** Which event types may follow each type within one run. Types absent here are neutral (allowed anywhere inside a run). */
  follows: z.record(z.string(), z.array(z.string())),
  /** Event types every successful run must show (a run may legitimately have no tool calls). */
  required: z.array(z.string()),
  /** How a tool start is paired with its completion: by the first id field present, else by tool name in order. */
  toolPairing: z.object({
    open: z.string(),
    close: z.string(),
    idFields: z.array(z.string()),
    fallback: z.literal('tool_name'),
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
  toolPairing: { open: 'tool_executing', close: 'tool_completed', idFields: ['execution_id', 'tool_call_id'], fallback: 'tool_name' },
  maxGapMs: 15_000,
  runDeadlineMs: 60_000,
});
