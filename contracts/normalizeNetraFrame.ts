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
  // data and payload looked up once: this runs per event
  const data = isBody(frame.data) ? frame.data : undefined;
  const payload = isBody(frame.payload) ? frame.payload : undefined;
  // every field present from the start (undefined when absent): one shape for every event, made in one allocation
  return {
    type,
    userId: asIdString(readFieldOf(frame, data, payload, 'user_id')),
    threadId: asIdString(readFieldOf(frame, data, payload, 'thread_id')),
    runId: asIdString(readFieldOf(frame, data, payload, 'run_id')),
    agentName: asIdString(readFieldOf(frame, data, payload, 'agent_name')),
    toolName: asIdString(readFieldOf(frame, data, payload, 'tool_name')),
    toolCallId: readFirstString(frame, TOOL_CALL_ID_FIELDS),
    at: timestampToMs(readFieldOf(frame, data, payload, 'timestamp')),
    raw: frame,
  };
}
