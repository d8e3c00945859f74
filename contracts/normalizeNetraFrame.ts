import type { CanonicalEvent } from './CanonicalEvent.ts';
import { DialectError } from './DialectError.ts';
import { asIdString, readFieldOf, readFirstString } from './readField.ts';
import { timestampToMs } from './Timestamp.ts';

type Body = Record<string, unknown>;

function isBody(value: unknown): value is Body {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const TOOL_CALL_ID_FIELDS = ['execution_id', 'tool_call_id', 'tool_execution_id'] as const;

/**
 * Maps one Netra wire frame (already JSON-parsed) to a canonical event, reading every field with readField.
 * @throws DialectError when the frame is not an object with a string `type`.
 * @example normalizeNetraFrame({ type: 'agent_started', run_id: 'r1', timestamp: 1717000000.5 }).runId // 'r1'
 */
export function normalizeNetraFrame(frame: unknown): CanonicalEvent {
  if (!isBody(frame)) {
    throw new DialectError(
      'netra',
      `expected a JSON object, received ${Array.isArray(frame) ? 'an array' : frame === null ? 'null' : typeof frame}`,
    );
  }
  const type = frame.type;
  if (typeof type !== 'string' || type.length === 0) {
    throw new DialectError('netra', `expected a string "type", received ${JSON.stringify(type) ?? 'undefined'}`);
  }
  const event: CanonicalEvent = { type, raw: frame };
  // data and payload looked up once: this runs per event
  const data = isBody(frame.data) ? frame.data : undefined;
  const payload = isBody(frame.payload) ? frame.payload : undefined;
  const userId = asIdString(readFieldOf(frame, data, payload, 'user_id'));
  if (userId !== undefined) event.userId = userId;
  const threadId = asIdString(readFieldOf(frame, data, payload, 'thread_id'));
  if (threadId !== undefined) event.threadId = threadId;
  const runId = asIdString(readFieldOf(frame, data, payload, 'run_id'));
  if (runId !== undefined) event.runId = runId;
  const agentName = asIdString(readFieldOf(frame, data, payload, 'agent_name'));
  if (agentName !== undefined) event.agentName = agentName;
  const toolName = asIdString(readFieldOf(frame, data, payload, 'tool_name'));
  if (toolName !== undefined) event.toolName = toolName;
  const toolCallId = readFirstString(frame, TOOL_CALL_ID_FIELDS);
  if (toolCallId !== undefined) event.toolCallId = toolCallId;
  const at = timestampToMs(readFieldOf(frame, data, payload, 'timestamp'));
  if (at !== undefined) event.at = at;
  return event;
}
