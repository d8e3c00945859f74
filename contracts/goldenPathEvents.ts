import { z } from 'zod';

/** The five lifecycle events of the golden path, in their expected order. */
export const GOLDEN_PATH_EVENTS = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
] as const;

export const GoldenPathEventType = z.enum(GOLDEN_PATH_EVENTS);
export type GoldenPathEventType = z.infer<typeof GoldenPathEventType>;

/** Server event types that belong to a run besides the five (seen on real backends). */
export const OTHER_RUN_EVENTS = [
  'agent_error',
  'agent_fallback',
  'agent_failed',
  'tool_error',
  'progress_update',
  'partial_result',
  'final_report',
  'stream_chunk',
  'subagent_started',
] as const;
