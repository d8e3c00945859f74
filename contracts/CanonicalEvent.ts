import { z } from 'zod';

/** A server frame mapped out of its dialect: what ordering, isolation and latency checks work on. */
export const CanonicalEvent = z.object({
  type: z.string(),
  userId: z.string().optional(),
  threadId: z.string().optional(),
  runId: z.string().optional(),
  agentName: z.string().optional(),
  toolName: z.string().optional(),
  toolCallId: z.string().optional(),
  /** Epoch milliseconds from the frame's own timestamp, when it has one. */
  at: z.number().optional(),
  raw: z.record(z.string(), z.unknown()),
});
export type CanonicalEvent = z.infer<typeof CanonicalEvent>;
