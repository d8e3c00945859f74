import {
  asReadRecord,
  findCanaries,
  normalizeNetraFrame,
  type HistoryRecord,
  type ReadFrame,
  type ReadRecord,
} from '../../contracts/index.ts';
import { isWelcome } from '../../contracts/index.ts';
import { RootSpan } from './RootSpan.ts';

/** One server frame of a recorded run, as it was on the wire. */
export interface RecordedFrame {
  seq: number;
  /** ns since the history started. */
  mono: number;
  json: Record<string, unknown>;
}

/** The request a recorded run answered. */
export interface RecordedRequest {
  seq: number;
  mono: number;
  type: string;
  /** Its text (user_request, content, message or text). */
  text?: string;
  threadId?: string;
}

/**
 * Everything one recorded request got back: every frame of one run_id for one user (a supervisor's sub-agents share
 * it), with frames that carry no run_id attributed to the run open on their socket; or, for a request the backend
 * refused, the error frame that answered it (`runId` undefined).
 */
export interface RecordedRun {
  /** Position among the history's runs, in order of first frame. */
  index: number;
  runId?: string;
  user: string;
  conn: string;
  threadId?: string;
  request?: RecordedRequest;
  frames: RecordedFrame[];
  /** How the run ended: its root agent's agent_completed or agent_error, a refusal, or not at all. */
  ending: 'completed' | 'error' | 'rejected' | 'open';
}

export interface RecordedSession {
  /** The first welcome the history shows, and the user it was addressed to. */
  welcome?: { json: Record<string, unknown>; user: string };
  runs: RecordedRun[];
}

const REQUEST_TYPES = new Set(['start_agent', 'user_message']);
const CONNECTION_TYPES = new Set(['heartbeat', 'pong', 'ack', 'ping']);
const REFUSAL_TYPES = new Set(['error_message', 'error']);

interface RunState {
  run: RecordedRun;
  root: RootSpan;
  texts: Set<string>;
}

interface ConnState {
  pending: RecordedRequest[];
  /** Runs of this socket whose root agent has not ended, most recent last. */
  open: RunState[];
}

function asBody(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** What a client request asks: its type, text (user_request, content, message or text) and thread; undefined for other frames. */
export function readRequest(
  json: Record<string, unknown>,
): { type: string; text?: string; threadId?: string } | undefined {
  if (typeof json.type !== 'string' || !REQUEST_TYPES.has(json.type)) return undefined;
  const body = asBody(json.payload) ?? json;
  const text = [body.user_request, body.content, body.message, body.text].find(
    (v): v is string => typeof v === 'string',
  );
  const threadId = typeof body.thread_id === 'string' ? body.thread_id : undefined;
  return { type: json.type, ...(text !== undefined && { text }), ...(threadId !== undefined && { threadId }) };
}

function requestOf(rec: ReadFrame, json: Record<string, unknown>): RecordedRequest | undefined {
  const request = readRequest(json);
  return request === undefined ? undefined : { seq: rec.seq, mono: rec.mono, ...request };
}

/**
 * The runs of a recorded history, each with the request it answered. Frames of one run on several sockets of its user
 * (copies, or the rest of a run after a reconnect) are merged, each frame once.
 * @example const { welcome, runs } = recordedRuns((await readHistory(path)).records)
 */
export function recordedRuns(records: Iterable<HistoryRecord | ReadRecord>): RecordedSession {
  const session: RecordedSession = { runs: [] };
  const runs = new Map<string, RunState>();
  const conns = new Map<string, ConnState>();
  const connOf = (user: string, conn: string): ConnState => {
    const key = `${user}\u0000${conn}`;
    let state = conns.get(key);
    if (state === undefined) conns.set(key, (state = { pending: [], open: [] }));
    return state;
  };
  const newRun = (rec: ReadFrame, conn: ConnState, runId: string | undefined): RunState => {
    // the request whose canary the first frame quotes, else the oldest one still unanswered on the socket
    const quoted = findCanaries(rec.text);
    const at = conn.pending.findIndex(
      (r) => r.text !== undefined && findCanaries(r.text).some((c) => quoted.includes(c)),
    );
    const request = conn.pending.splice(at === -1 ? 0 : at, 1)[0];
    const run: RecordedRun = {
      index: session.runs.length,
      user: rec.user,
      conn: rec.conn,
      frames: [],
      ending: 'open',
      ...(runId !== undefined && { runId }),
      ...(request !== undefined && { request }),
    };
    session.runs.push(run);
    return { run, root: new RootSpan(), texts: new Set() };
  };

  for (const record of records) {
    const rec = asReadRecord(record);
    if (rec.kind !== 'frame' || rec.parse !== 'json' || rec.value === undefined) continue;
    const json = asBody(rec.value);
    if (json === undefined) continue;
    const conn = connOf(rec.user, rec.conn);
    if (rec.dir === 'out') {
      const request = requestOf(rec, json);
      if (request !== undefined) conn.pending.push(request);
      continue;
    }
    if (isWelcome(json)) {
      session.welcome ??= { json, user: rec.user };
      continue;
    }
    const type = String(json.type);
    if (CONNECTION_TYPES.has(type)) continue;
    let event: ReturnType<typeof normalizeNetraFrame> | undefined;
    try {
      event = normalizeNetraFrame(json);
    } catch {
      event = undefined;
    }
    let state: RunState | undefined;
    if (event?.runId !== undefined) {
      const key = `${rec.user}\u0000${event.runId}`;
      state = runs.get(key);
      if (state === undefined) {
        runs.set(key, (state = newRun(rec, conn, event.runId)));
        conn.open.push(state);
      }
    } else if (REFUSAL_TYPES.has(type)) {
      // an error envelope without a run answers a request (a refusal), even while another run is open
      if (conn.pending.length > 0) {
        const refused = newRun(rec, conn, undefined);
        refused.run.frames.push({ seq: rec.seq, mono: rec.mono, json });
        refused.run.ending = 'rejected';
      }
      continue;
    } else {
      // a frame without ids (the emitter's agent_error, progress_update) belongs to the run open on its socket
      state = conn.open.at(-1);
      if (state === undefined) continue;
    }
    if (state.texts.has(rec.text)) continue;
    state.texts.add(rec.text);
    state.run.frames.push({ seq: rec.seq, mono: rec.mono, json });
    if (state.run.threadId === undefined && event?.threadId !== undefined) state.run.threadId = event.threadId;
    if (state.root.follow(json)) {
      state.run.ending = state.root.ended === 'agent_completed' ? 'completed' : 'error';
      for (const c of conns.values()) c.open = c.open.filter((s) => s !== state);
    }
  }
  for (const run of session.runs) {
    if (run.threadId === undefined && run.request?.threadId !== undefined) run.threadId = run.request.threadId;
  }
  return session;
}
