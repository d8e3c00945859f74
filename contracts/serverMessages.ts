import { z } from 'zod';
import { readField, readToolResult } from './readField.ts';
import { Timestamp } from './Timestamp.ts';

type Body = Record<string, unknown>;

/** A refinement: each named field must be present where readField looks (top level, data, payload). */
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

/** A refinement: a tool_completed carries its result in one of TOOL_RESULT_PLACES (results, data.result, payload.result, metadata.result). */
function requireToolResult(frame: Body, ctx: z.RefinementCtx): void {
  if (readToolResult(frame) !== undefined) return;
  ctx.addIssue({
    code: 'custom',
    path: ['results'],
    message: 'tool_completed needs results (at the top level, under data or under payload)',
  });
}

/**
 * Content rules (their validators' own): a frame that breaks one is still valid traffic, so the contract check reports
 * it as a warning (contract.content_rule), never as a schema mismatch.
 */
export const CONTENT_RULES = [
  { field: 'reasoning', minLength: 11, message: 'reasoning must be longer than 10 characters', scope: 'any' },
  /** The answer the user reads: the event that ends a run (a sub-agent's own end is a step, its default "Task completed"). */
  {
    field: 'final_response',
    minLength: 21,
    message: 'final_response must be longer than 20 characters',
    scope: 'run_end',
  },
] as const;
const CONTENT_FIELDS: ReadonlySet<string> = new Set(CONTENT_RULES.map((r) => r.field));

function contentString(field: (typeof CONTENT_RULES)[number]['field']) {
  const rule = CONTENT_RULES.find((r) => r.field === field)!;
  return z.string().min(rule.minLength, { message: rule.message });
}

/** True when a zod issue of ServerMessage is a content rule (a warning), not a broken structure. */
export function isContentIssue(issue: z.core.$ZodIssue): boolean {
  const last = issue.path[issue.path.length - 1];
  return issue.code === 'too_small' && typeof last === 'string' && CONTENT_FIELDS.has(last);
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
  reasoning: contentString('reasoning').optional(),
  task_description: z.string().optional(),
  tool_name: z.string().min(1).optional(),
  tool_args: z.unknown().optional(),
  parameters: z.unknown().optional(),
  execution_id: z.string().nullable().optional(),
  results: z.unknown().optional(),
  execution_time: z.number().nullable().optional(),
  execution_time_ms: z.number().nullable().optional(),
  duration: z.number({ message: 'duration must be numeric' }).optional(),
  success: z.boolean().optional(),
  status: z.string().optional(),
  final_response: contentString('final_response').optional(),
};

const Nested = z.looseObject(EventFields);

/** The shared base of every lifecycle event, in both emission shapes (bridge: details under data; emitter: flat). */
export const EventBase = z.looseObject({
  ...EventFields,
  data: Nested.optional(),
  payload: Nested.optional(),
});
export type EventBase = z.infer<typeof EventBase>;

/** A lifecycle event: `run_id` and the type's own fields somewhere (real frames may lack a timestamp). */
function lifecycleEvent<T extends string>(type: T, required: readonly string[]) {
  return z
    .looseObject({ ...EventBase.shape, type: z.literal(type) })
    .superRefine(requireSomewhere(['run_id', ...required]));
}

export const AgentStarted = lifecycleEvent('agent_started', []);
export type AgentStarted = z.infer<typeof AgentStarted>;
export const AgentThinking = lifecycleEvent('agent_thinking', ['reasoning']);
export type AgentThinking = z.infer<typeof AgentThinking>;
export const ToolExecuting = lifecycleEvent('tool_executing', ['tool_name']);
export type ToolExecuting = z.infer<typeof ToolExecuting>;
export const ToolCompleted = lifecycleEvent('tool_completed', ['tool_name']).superRefine(requireToolResult);
export type ToolCompleted = z.infer<typeof ToolCompleted>;
export const AgentCompleted = lifecycleEvent('agent_completed', []);
export type AgentCompleted = z.infer<typeof AgentCompleted>;
export const AgentError = z.looseObject({
  ...EventBase.shape,
  type: z.literal('agent_error'),
  error: z.unknown().optional(),
  error_message: z.string().optional(),
  error_code: z.string().optional(),
});
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
  recovery_suggestions: z.array(z.string()).nullable().optional(),
});
export type ErrorMessage = z.infer<typeof ErrorMessage>;

/**
 * The short error forms: `{"type":"error","data":{"error_code":..}}`, and the real thread-access denial
 * `{"type":"error","message":"Access denied to thread"}` with no code. It needs a code or a message.
 */
export const ErrorEvent = z
  .looseObject({
    type: z.literal('error'),
    data: z
      .looseObject({
        error_code: z.string().min(1).optional(),
        message: z.string().optional(),
        error_message: z.string().optional(),
      })
      .optional(),
    message: z.string().optional(),
    timestamp: Timestamp.optional(),
  })
  .superRefine((frame, ctx) => {
    if (
      readField(frame, 'error_code') === undefined &&
      readField(frame, 'message') === undefined &&
      readField(frame, 'error_message') === undefined
    ) {
      ctx.addIssue({
        code: 'custom',
        path: ['error_code'],
        message: 'error needs error_code or message (at the top level or under data)',
      });
    }
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

/** A server's own keep-alive ping (older servers' WebSocketHeartbeat). */
export const ServerPing = z.looseObject({
  type: z.literal('ping'),
  data: z.looseObject({}).optional(),
  timestamp: Timestamp.optional(),
});
export type ServerPing = z.infer<typeof ServerPing>;

/** A warning frame: the server found no connection for an event it had to send (not a golden-path event). */
export const ConnectionError = z.looseObject({
  type: z.literal('connection_error'),
  data: z
    .looseObject({ message: z.string().optional(), event_type: z.string().optional(), severity: z.string().optional() })
    .optional(),
  timestamp: Timestamp.optional(),
});
export type ConnectionError = z.infer<typeof ConnectionError>;

/** Run-scoped frames besides the lifecycle events (bridge shape: ids at the top level, details under data). */
export const ProgressUpdate = z.looseObject({ ...EventBase.shape, type: z.literal('progress_update') });
export type ProgressUpdate = z.infer<typeof ProgressUpdate>;
export const SubagentStarted = z.looseObject({ ...EventBase.shape, type: z.literal('subagent_started') });
export type SubagentStarted = z.infer<typeof SubagentStarted>;

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
  ServerPing,
  ConnectionError,
  ProgressUpdate,
  SubagentStarted,
]);
export type ServerMessage = z.infer<typeof ServerMessage>;

/** The `type` values ServerMessage validates; any other type is "unknown" to the contract check. */
export const KNOWN_SERVER_TYPES: ReadonlySet<string> = new Set(ServerMessage.options.map((o) => o.shape.type.value));
