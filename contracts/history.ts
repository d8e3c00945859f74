import { z } from 'zod';

export const HISTORY_FORMAT = 'goldpath.history';
/** The version goldpath writes. */
export const HISTORY_VERSION = 2;
/** The versions goldpath reads: 1 stores every frame as `text`; 2 stores a JSON frame as a value in `frame`. */
export const HISTORY_VERSIONS = [1, 2] as const;
export type HistoryVersion = (typeof HISTORY_VERSIONS)[number];

/** What the scenario expects of its runs; the checks read it from the history header. */
export const Expectations = z.object({
  /** Event types every run must show (defaults to the rules' `required`). */
  requiredEvents: z.array(z.string()).optional(),
  /** error_message / agent_error codes the scenario provokes on purpose. */
  allowedErrorCodes: z.array(z.string()).default([]),
  /** Requests that are expected to get no run (for example rejected by the engine limit). */
  expectedRejections: z.number().int().nonnegative().default(0),
  maxGapMs: z.number().positive().optional(),
  runDeadlineMs: z.number().positive().optional(),
  /** request → agent_started above this is a latency.sla_exceeded finding. */
  startSlaMs: z.number().positive().optional(),
  /** Close codes that are part of the scenario (auth probes expect 1008). */
  allowedCloseCodes: z.array(z.number().int()).default([]),
});
export type Expectations = z.input<typeof Expectations>;
export type ResolvedExpectations = z.output<typeof Expectations>;

/** First line of every history file. */
export const HistoryHeader = z.object({
  kind: z.literal('header'),
  format: z.literal(HISTORY_FORMAT),
  version: z.union([z.literal(1), z.literal(2)]),
  createdAt: z.string(),
  contractVersion: z.string(),
  dialect: z.string().default('netra'),
  scenario: z.string().optional(),
  target: z.string().optional(),
  expectations: Expectations.optional(),
  meta: z.record(z.string(), z.unknown()).optional(),
  /** The writer ends the history with an `end` record: a history that says so and lacks one was cut off. */
  endRecord: z.boolean().optional(),
});
export type HistoryHeader = z.infer<typeof HistoryHeader>;

/** Common fields: `seq` orders records in the file; `mono` is ns since the history started; `wall` is epoch ms. */
const RecordBase = {
  seq: z.number().int().nonnegative(),
  mono: z.number().nonnegative(),
  wall: z.number(),
};

/** `user` is the user id as the backend knows it (the JWT sub); `conn` names one socket of that user. */
const SocketBase = { ...RecordBase, user: z.string(), conn: z.string() };

export const OpenRecord = z.object({
  ...SocketBase,
  kind: z.literal('open'),
  url: z.string(),
  protocol: z.string().optional(),
});
export type OpenRecord = z.infer<typeof OpenRecord>;

/**
 * One frame, redacted. Version 1 stores every frame as `text`. Version 2 stores a JSON frame (`parse: 'json'`, not cut
 * to text) as its value in `frame`, the record's last member, and keeps `text` for the others.
 */
export const FrameRecord = z
  .object({
    ...SocketBase,
    kind: z.literal('frame'),
    /** out: client → server; in: server → client. */
    dir: z.enum(['in', 'out']),
    /** The frame text, redacted; base64 when `binary`. */
    text: z.string().optional(),
    binary: z.boolean().optional(),
    size: z.number().int().nonnegative(),
    parse: z.enum(['json', 'invalid_json', 'binary']),
    /**
     * The frame was larger than the recorder's limit (`size` is its full size): `values` — its long string values were
     * cut and it is still the same JSON shape; `text` — only its start is kept.
     */
    truncated: z.enum(['values', 'text']).optional(),
    /** The frame as a JSON value (version 2, parse 'json'). */
    frame: z.unknown().optional(),
  })
  .refine(
    (r) =>
      r.frame === undefined
        ? r.text !== undefined
        : r.text === undefined && r.parse === 'json' && r.truncated !== 'text',
    {
      message: "a frame record holds either text, or frame (only with parse 'json', not cut to text)",
      path: ['text'],
    },
  );
export type FrameRecord = z.infer<typeof FrameRecord>;

export const CloseRecord = z.object({
  ...SocketBase,
  kind: z.literal('close'),
  code: z.number().int(),
  reason: z.string(),
  /** Who closed the socket first, when the recorder could tell: goldpath's client, or the server (or the network). */
  by: z.enum(['client', 'server']).optional(),
});
export type CloseRecord = z.infer<typeof CloseRecord>;

export const ErrorRecord = z.object({
  ...SocketBase,
  kind: z.literal('error'),
  message: z.string(),
});
export type ErrorRecord = z.infer<typeof ErrorRecord>;

/** A scenario's own annotation (a phase starting, a probe's intent). */
export const MarkRecord = z.object({
  ...RecordBase,
  kind: z.literal('mark'),
  name: z.string(),
  user: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type MarkRecord = z.infer<typeof MarkRecord>;

/** A snapshot of the target's factory metrics (protocol field names). */
export const MetricsRecord = z.object({
  ...RecordBase,
  kind: z.literal('metrics'),
  phase: z.enum(['before', 'after']),
  metrics: z.record(z.string(), z.unknown()),
});
export type MetricsRecord = z.infer<typeof MetricsRecord>;

/** The last record of a history closed cleanly (`closed`) or on a stop signal (`interrupted`). */
export const EndRecord = z.object({
  ...RecordBase,
  kind: z.literal('end'),
  reason: z.enum(['closed', 'interrupted']),
  /** Records before this one. */
  records: z.number().int().nonnegative(),
  /** Frames recorded cut because they exceeded the size limit. */
  cutFrames: z.number().int().nonnegative().optional(),
});
export type EndRecord = z.infer<typeof EndRecord>;

export const HistoryRecord = z.discriminatedUnion('kind', [
  OpenRecord,
  FrameRecord,
  CloseRecord,
  ErrorRecord,
  MarkRecord,
  MetricsRecord,
  EndRecord,
]);
export type HistoryRecord = z.infer<typeof HistoryRecord>;

/**
 * A frame as the history reader hands it on, the same for every version: `text` is the frame as recorded (for a
 * version 2 `frame`, the text the recorder embedded) and `value` its JSON value, parsed once.
 */
export interface ReadFrame {
  kind: 'frame';
  seq: number;
  mono: number;
  wall: number;
  user: string;
  conn: string;
  dir: 'in' | 'out';
  /** The frame text, redacted; base64 when `binary`. */
  text: string;
  binary: boolean | undefined;
  size: number;
  parse: 'json' | 'invalid_json' | 'binary';
  truncated: 'values' | 'text' | undefined;
  /** The frame's JSON value; undefined when `parse` is not 'json', the frame was cut to text, or its text does not parse. */
  value: unknown;
}

/** A record as the history reader hands it on. */
export type ReadRecord = Exclude<HistoryRecord, FrameRecord> | ReadFrame;
