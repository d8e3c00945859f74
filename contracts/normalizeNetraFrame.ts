import type { CanonicalEvent } from './CanonicalEvent.ts';
import { DialectError } from './DialectError.ts';
import { timestampToMs } from './Timestamp.ts';

type Body = Record<string, unknown>;

function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Lenient read of one field: the top level, then `data`, then `payload` (no arrays allocated: it runs per event). */
function pick(frame: Body, data: Body | undefined, payload: Body | undefined, field: string): unknown {
  let value = frame[field];
  if (value !== undefined && value !== null) return value;
  if (data !== undefined) {
    value = data[field];
    if (value !== undefined && value !== null) return value;
  }
  if (payload !== undefined) {
    value = payload[field];
    if (value !== undefined && value !== null) return value;
  }
  return undefined;
}

/** The first of several fields, holder by holder: every field of the top level before `data`, then `payload`. */
function pickAny(frame: Body, data: Body | undefined, payload: Body | undefined, fields: readonly string[]): unknown {
  for (const holder of [frame, data, payload]) {
    if (holder === undefined) continue;
    for (const field of fields) {
      const value = holder[field];
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

const TOOL_CALL_ID_FIELDS = ['execution_id', 'tool_call_id', 'tool_execution_id'] as const;

function asString(value: unknown): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

/**
 * Maps one Netra wire frame (already JSON-parsed) to a canonical event.
 * @throws DialectError when the frame is not an object with a string `type`.
 * @example normalizeNetraFrame({ type: 'agent_started', run_id: 'r1', timestamp: 1717000000.5 }).runId // 'r1'
 */
export function normalizeNetraFrame(frame: unknown): CanonicalEvent {
  if (!isBody(frame)) {
    throw new DialectError('netra', `expected a JSON object, received ${Array.isArray(frame) ? 'an array' : frame === null ? 'null' : typeof frame}`);
  }
  const type = frame.type;
  if (typeof type !== 'string' || type.length === 0) {
    throw new DialectError('netra', `expected a string "type", received ${JSON.stringify(type) ?? 'undefined'}`);
  }
  const data = isBody(frame.data) ? frame.data : undefined;
  const payload = isBody(frame.payload) ? frame.payload : undefined;
  const event: CanonicalEvent = { type, raw: frame };
  const userId = asString(pick(frame, data, payload, 'user_id'));
  if (userId !== undefined) event.userId = userId;
  const threadId = asString(pick(frame, data, payload, 'thread_id'));
  if (threadId !== undefined) event.threadId = threadId;
  const runId = asString(pick(frame, data, payload, 'run_id'));
  if (runId !== undefined) event.runId = runId;
  const agentName = asString(pick(frame, data, payload, 'agent_name'));
  if (agentName !== undefined) event.agentName = agentName;
  const toolName = asString(pick(frame, data, payload, 'tool_name'));
  if (toolName !== undefined) event.toolName = toolName;
  const toolCallId = asString(pickAny(frame, data, payload, TOOL_CALL_ID_FIELDS));
  if (toolCallId !== undefined) event.toolCallId = toolCallId;
  const at = timestampToMs(pick(frame, data, payload, 'timestamp'));
  if (at !== undefined) event.at = at;
  return event;
}
