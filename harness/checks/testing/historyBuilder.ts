import {
  CONTRACT_VERSION,
  HISTORY_FORMAT,
  HISTORY_VERSION,
  type Expectations,
  type FrameRecord,
  type HistoryHeader,
  type HistoryRecord,
} from '../../../contracts/index.ts';

/** A history record as tests build it: every frame with its text (as version 1 stores it). */
export type TextRecord = Exclude<HistoryRecord, FrameRecord> | (FrameRecord & { text: string });

/** A record as a writer hands it over, before `seq`, `mono` and `wall` (the recorder's RecordInit, kept here: checks do not import the recorder). */
type RecordInit = HistoryRecord extends infer R
  ? R extends unknown
    ? Omit<R, 'seq' | 'mono' | 'wall'>
    : never
  : never;

/** The two live emission shapes: emitter (flat, critical:true, ISO timestamps), bridge (details under data, float seconds). */
export type EmissionShape = 'emitter' | 'bridge';

/** What a test says about one frame before the history is laid out; timestamps are stamped at build time. */
export type Draft =
  | (Exclude<RecordInit, { kind: 'frame' }> & { meta?: DraftMeta })
  | {
      kind: 'frame';
      dir: 'in' | 'out';
      user: string;
      conn: string;
      payload?: Record<string, unknown>;
      text?: string;
      stamp?: 'iso' | 'float';
      meta?: DraftMeta;
    };

export interface DraftMeta {
  runId?: string;
  eventType?: string;
  canary?: string;
  request?: boolean;
}

export interface RunSpec {
  user: string;
  runId: string;
  canary: string;
  conn?: string;
  threadId?: string;
  shape?: EmissionShape;
  tools?: string[];
  requestType?: 'start_agent' | 'user_message';
  /** Ends with agent_error of this code instead of agent_completed. */
  errorCode?: string;
}

/** A deterministic canary: GPC- and 16 hex digits. */
export function canary(n: number): string {
  return `GPC-${n.toString(16).padStart(16, '0')}`;
}

/** The socket opening and the welcome (user_id in its short form: first 8 characters and "..."). */
export function connect(user: string, conn = 'c-1'): Draft[] {
  return [
    { kind: 'open', user, conn, url: 'ws://127.0.0.1:8000/ws' },
    {
      kind: 'frame',
      dir: 'in',
      user,
      conn,
      stamp: 'float',
      payload: {
        type: 'connection_established',
        data: { mode: 'main', user_id: `${user.slice(0, 8)}...`, connection_id: `main_${conn}` },
      },
    },
  ];
}

/** The request frame of a run. */
export function requestDraft(spec: RunSpec): Draft {
  const text = `Please research topic ${spec.runId} ${spec.canary}`;
  const payload =
    spec.requestType === 'user_message'
      ? {
          type: 'user_message',
          payload: { content: text, references: [], thread_id: spec.threadId ?? `thread-${spec.user}` },
        }
      : {
          type: 'start_agent',
          payload: { user_request: text, thread_id: null, context: { source: 'message_input' }, settings: {} },
        };
  return {
    kind: 'frame',
    dir: 'out',
    user: spec.user,
    conn: spec.conn ?? 'c-1',
    payload,
    meta: { request: true, canary: spec.canary, runId: spec.runId },
  };
}

/** One lifecycle event of a run in the chosen emission shape. */
export function eventDraft(spec: RunSpec, type: string, details: Record<string, unknown> = {}, n = 0): Draft {
  const conn = spec.conn ?? 'c-1';
  const ids = { user_id: spec.user, thread_id: spec.threadId ?? `thread-${spec.user}`, run_id: spec.runId };
  const meta = { runId: spec.runId, eventType: type, canary: spec.canary };
  if ((spec.shape ?? 'emitter') === 'emitter') {
    const payload = {
      type,
      event_id: `ev-${spec.runId}-${type}-${n}`,
      critical: true,
      ...ids,
      request_id: `req-${spec.runId}`,
      agent_name: 'supervisor',
      ...details,
    };
    return { kind: 'frame', dir: 'in', user: spec.user, conn, payload, stamp: 'iso', meta };
  }
  const { tool_name, results, ...data } = details;
  const payload: Record<string, unknown> = { type, ...ids, agent_name: 'supervisor', data };
  if (tool_name !== undefined) payload.tool_name = tool_name;
  if (results !== undefined) payload.results = results;
  return { kind: 'frame', dir: 'in', user: spec.user, conn, payload, stamp: 'float', meta };
}

/** The request and the golden path of one run: S T (X C)* D, or S T E with errorCode. */
export function runDrafts(spec: RunSpec): Draft[] {
  const quoted = `research topic ${spec.runId} ${spec.canary}`;
  const drafts: Draft[] = [requestDraft(spec)];
  drafts.push(eventDraft(spec, 'agent_started', { task_description: 'answer the user request' }));
  drafts.push(eventDraft(spec, 'agent_thinking', { reasoning: `The user asks to ${quoted}; planning the tools.` }));
  (spec.tools ?? []).forEach((tool, i) => {
    const id = `exec-${spec.runId}-${i}`;
    drafts.push(
      eventDraft(
        spec,
        'tool_executing',
        { tool_name: tool, parameters: { query: quoted }, tool_args: { query: quoted }, execution_id: id },
        i,
      ),
    );
    drafts.push(
      eventDraft(
        spec,
        'tool_completed',
        {
          tool_name: tool,
          results: { summary: `${tool} found 3 sources` },
          execution_time: 12,
          duration: 0.012,
          execution_id: id,
          success: true,
        },
        i,
      ),
    );
  });
  if (spec.errorCode !== undefined) {
    drafts.push(eventDraft(spec, 'agent_error', { error: 'the agent failed', error_code: spec.errorCode }));
  } else {
    drafts.push(
      eventDraft(spec, 'agent_completed', {
        status: 'completed',
        final_response: `Here is what I found about ${quoted}.`,
      }),
    );
  }
  return drafts;
}

export function makeHeader(init: { expectations?: Expectations; scenario?: string } = {}): HistoryHeader {
  return {
    kind: 'header',
    format: HISTORY_FORMAT,
    version: HISTORY_VERSION,
    createdAt: '2026-01-01T00:00:00.000Z',
    contractVersion: CONTRACT_VERSION,
    dialect: 'netra',
    ...(init.scenario !== undefined && { scenario: init.scenario }),
    ...(init.expectations !== undefined && { expectations: init.expectations as HistoryHeader['expectations'] }),
  };
}

export const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** Stamps a frame's timestamp in its shape (ISO for the emitter, float seconds for the bridge). */
export function stampPayload(
  payload: Record<string, unknown>,
  stamp: 'iso' | 'float' | undefined,
  wall: number,
): Record<string, unknown> {
  if (stamp === undefined) return payload;
  return { ...payload, timestamp: stamp === 'iso' ? new Date(wall).toISOString() : wall / 1000 };
}

/**
 * Lays drafts out as history records: seq in order, `stepMs` apart (mono and wall), frame timestamps stamped.
 * @example const { header, records } = buildHistory([...connect('u-1'), ...runDrafts({ user: 'u-1', runId: 'r-1', canary: canary(1) })]);
 */
export function buildHistory(
  drafts: readonly Draft[],
  init: { expectations?: Expectations; scenario?: string; stepMs?: number } = {},
): { header: HistoryHeader; records: TextRecord[] } {
  const step = init.stepMs ?? 5;
  const records = drafts.map((draft, seq): TextRecord => {
    const mono = seq * step * 1e6;
    const wall = T0 + seq * step;
    const { meta: _meta, ...rest } = draft;
    if (rest.kind !== 'frame') return { ...rest, seq, mono, wall } as TextRecord;
    const text = rest.text ?? JSON.stringify(stampPayload(rest.payload ?? {}, rest.stamp, wall));
    return {
      kind: 'frame',
      seq,
      mono,
      wall,
      user: rest.user,
      conn: rest.conn,
      dir: rest.dir,
      text,
      size: Buffer.byteLength(text),
      parse: 'json',
    };
  });
  return { header: makeHeader(init), records };
}

/** Merges per-user draft lists into one stream, keeping each list's order; `picks` choose which list goes next. */
export function interleave(lists: readonly Draft[][], picks: readonly number[]): Draft[] {
  const queues = lists.map((list) => [...list]);
  const out: Draft[] = [];
  let i = 0;
  for (;;) {
    const live = queues.filter((q) => q.length > 0);
    if (live.length === 0) return out;
    const pick = picks.length > 0 ? (picks[i++ % picks.length] ?? 0) : 0;
    out.push(live[pick % live.length]!.shift()!);
  }
}

/** The history file text of a header and records (JSON lines). */
export function historyText(header: HistoryHeader, records: readonly HistoryRecord[]): string {
  return [header, ...records].map((line) => JSON.stringify(line)).join('\n') + '\n';
}
