import { z } from 'zod';
import { Timestamp } from './Timestamp.ts';

/** Where a lenient reader looks for a field: the top level, then `data`, then `payload`. */
const PLACES = ['', 'data', 'payload'] as const;

type Body = Record<string, unknown>;

function readField(frame: Body, field: string): unknown {
  for (const place of PLACES) {
    const holder = place === '' ? frame : frame[place];
    if (holder !== null && typeof holder === 'object' && field in (holder as Body)) {
      const value = (holder as Body)[field];
      if (value !== undefined && value !== null) return value;
    }
  }
  return undefined;
}

/** A refinement: each named field must be present at the top level, under `data` or under `payload`. */
function requireSomewhere(fields: readonly string[]) {
  return (frame: Body, ctx: z.RefinementCtx): void => {
    for (const field of fields) {
      if (readField(frame, field) === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${String(frame.type)} needs ${field} (at the top level, under data or under payload)`,
        });
      }
    }
  };
}

/** Fields that may appear at the top level or nested under `data` / `payload` of a lifecycle event. */
const EventFields = {
  timestamp: Timestamp.optional(),
  event_id: z.string().optional(),
  run_id: z.string().min(1).optional(),
  user_id: z.string().min(1).optional(),
  thread_id: z.string().min(1).nullable().optional(),
  request_id: z.string().optional(),
  agent_name: z.string().optional(),
  critical: z.boolean().optional(),
  reasoning: z.string().min(11, { message: 'reasoning must be longer than 10 characters' }).optional(),
  task_description: z.string().optional(),
  tool_name: z.string().min(1).optional(),
  tool_args: z.unknown().optional(),
  parameters: z.unknown().optional(),
  execution_id: z.string().optional(),
  results: z.unknown().optional(),
  execution_time: z.number().optional(),
  execution_time_ms: z.number().optional(),
  duration: z.number({ message: 'duration must be numeric' }).optional(),
  success: z.boolean().optional(),
  status: z.string().optional(),
  final_response: z.string().min(21, { message: 'final_response must be longer than 20 characters' }).optional(),
};

const Nested = z.looseObject(EventFields);

/** The shared base of every lifecycle event, in both emission shapes (bridge: details under data; emitter: flat). */
export const EventBase = z.looseObject({
  ...EventFields,
  data: Nested.optional(),
  payload: Nested.optional(),
});
export type EventBase = z.infer<typeof EventBase>;

function lifecycleEvent<T extends string>(type: T, required: readonly string[]) {
  return z.looseObject({ ...EventBase.shape, type: z.literal(type) }).superRefine(requireSomewhere(['timestamp', 'run_id', ...required]));
}

export const AgentStarted = lifecycleEvent('agent_started', []);
export type AgentStarted = z.infer<typeof AgentStarted>;
export const AgentThinking = lifecycleEvent('agent_thinking', ['reasoning']);
export type AgentThinking = z.infer<typeof AgentThinking>;
export const ToolExecuting = lifecycleEvent('tool_executing', ['tool_name']);
export type ToolExecuting = z.infer<typeof ToolExecuting>;
export const ToolCompleted = lifecycleEvent('tool_completed', ['tool_name', 'results']);
export type ToolCompleted = z.infer<typeof ToolCompleted>;
export const AgentCompleted = lifecycleEvent('agent_completed', []);
export type AgentCompleted = z.infer<typeof AgentCompleted>;
export const AgentError = z.looseObject({
  ...EventBase.shape,
  type: z.literal('agent_error'),
  error: z.unknown().optional(),
  error_message: z.string().optional(),
  error_code: z.string().optional(),
}).superRefine(requireSomewhere(['timestamp']));
export type AgentError = z.infer<typeof AgentError>;

/** The welcome sent after authentication (fields nested under `data`). */
export const ConnectionEstablished = z.looseObject({
  type: z.literal('connection_established'),
  data: z.looseObject({
    mode: z.string().optional(),
    user_id: z.string().min(1),
    connection_id: z.string().min(1),
    golden_path_events: z.array(z.string()).optional(),
    timestamp: Timestamp.optional(),
  }),
  timestamp: Timestamp.optional(),
});
export type ConnectionEstablished = z.infer<typeof ConnectionEstablished>;

/** The welcome of older servers. */
export const ConnectionReady = z.looseObject({ type: z.literal('connection_ready'), timestamp: Timestamp.optional() });
export type ConnectionReady = z.infer<typeof ConnectionReady>;

export const SystemMessage = z.looseObject({
  type: z.literal('system_message'),
  data: z.looseObject({ event: z.string().optional() }).optional(),
  timestamp: Timestamp.optional(),
});
export type SystemMessage = z.infer<typeof SystemMessage>;

/** The error envelope: `{type:"error_message", error_code, error_message, details, timestamp, recovery_suggestions}`. */
export const ErrorMessage = z.looseObject({
  type: z.literal('error_message'),
  error_code: z.string().min(1),
  error_message: z.string(),
  details: z.unknown().optional(),
  timestamp: Timestamp.optional(),
  recovery_suggestions: z.array(z.string()).optional(),
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;

/** The short error form: `{"type":"error","data":{"error_code":..}}`. */
export const ErrorEvent = z.looseObject({
  type: z.literal('error'),
  data: z.looseObject({ error_code: z.string().min(1), message: z.string().optional() }),
  timestamp: Timestamp.optional(),
});
export type ErrorEvent = z.infer<typeof ErrorEvent>;

export const Pong = z.looseObject({
  type: z.literal('pong'),
  data: z.looseObject({ timestamp: z.unknown().optional(), user_id: z.string().optional() }).optional(),
  timestamp: Timestamp.optional(),
});
export type Pong = z.infer<typeof Pong>;

export const Heartbeat = z.looseObject({ type: z.literal('heartbeat'), timestamp: Timestamp.optional() });
export type Heartbeat = z.infer<typeof Heartbeat>;

export const Ack = z.looseObject({
  type: z.literal('ack'),
  received_type: z.string(),
  status: z.string(),
  timestamp: Timestamp.optional(),
});
export type Ack = z.infer<typeof Ack>;

/** Every server → client message goldpath knows, told apart by `type`. */
export const ServerMessage = z.discriminatedUnion('type', [
  ConnectionEstablished,
  ConnectionReady,
  SystemMessage,
  AgentStarted,
  AgentThinking,
  ToolExecuting,
  ToolCompleted,
  AgentCompleted,
  AgentError,
  ErrorMessage,
  ErrorEvent,
  Pong,
  Heartbeat,
  Ack,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** The `type` values ServerMessage validates; any other type is "unknown" to the contract check. */
export const KNOWN_SERVER_TYPES: ReadonlySet<string> = new Set(ServerMessage.options.map((o) => o.shape.type.value));
