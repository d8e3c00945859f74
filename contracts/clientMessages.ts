import { z } from 'zod';

const NullableId = z.string().min(1).nullable();

export const StartAgentPayload = z.looseObject({
  user_request: z.string().min(1),
  thread_id: NullableId.optional(),
  context: z.record(z.string(), z.unknown()).optional(),
  settings: z.record(z.string(), z.unknown()).optional(),
});
export type StartAgentPayload = z.infer<typeof StartAgentPayload>;

/** `start_agent`, nested (`payload`) or flat (fields at the top level); the server reads payload, else the top level. */
export const StartAgent = z
  .looseObject({
    type: z.literal('start_agent'),
    payload: StartAgentPayload.optional(),
    user_request: z.string().min(1).optional(),
    thread_id: NullableId.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.payload === undefined && v.user_request === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['payload', 'user_request'],
        message: 'start_agent needs user_request under payload or at the top level',
      });
    }
  });
export type StartAgent = z.infer<typeof StartAgent>;

const UserMessageBody = {
  content: z.string().optional(),
  message: z.string().optional(),
  text: z.string().optional(),
  references: z.array(z.unknown()).optional(),
  thread_id: NullableId.optional(),
};

/** `user_message`: text in `content`, `message` or `text`, nested under `payload` or flat. */
export const UserMessage = z
  .looseObject({
    type: z.literal('user_message'),
    payload: z.looseObject(UserMessageBody).optional(),
    ...UserMessageBody,
  })
  .superRefine((v, ctx) => {
    const body = v.payload ?? v;
    if (body.content === undefined && body.message === undefined && body.text === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['payload', 'content'],
        message: 'user_message needs content, message or text',
      });
    }
  });
export type UserMessage = z.infer<typeof UserMessage>;

export const Ping = z.looseObject({ type: z.literal('ping'), timestamp: z.number().optional() });
export type Ping = z.infer<typeof Ping>;

export const HeartbeatAck = z.looseObject({
  type: z.literal('heartbeat_ack'),
  timestamp: z.union([z.number(), z.string()]).optional(),
});
export type HeartbeatAck = z.infer<typeof HeartbeatAck>;

export const ClientMessage = z.discriminatedUnion('type', [StartAgent, UserMessage, Ping, HeartbeatAck]);
export type ClientMessage = z.infer<typeof ClientMessage>;
