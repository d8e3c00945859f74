import WebSocket from 'ws';
import {
  DEFAULT_GOLDEN_PATH_RULES,
  GOLDEN_PATH_EVENTS,
  OTHER_RUN_EVENTS,
  findCanaries,
  readField,
  readString,
} from '../../contracts/index.ts';
import { DeadlineError, withDeadline } from '../common/waitFor.ts';
import type { ClientStats } from './ClientStats.ts';
import { classifyCloseBeforeWelcome, classifyConnectError, classifyWelcomeTimeout } from './classifyConnectError.ts';
import { connectionRequest } from './connectionRequest.ts';
import { fetchTicket } from './fetchTicket.ts';
import { isWelcome } from '../../contracts/isWelcome.ts';
import { redactUrl } from '../recorder/redactUrl.ts';
import { INVALID_JSON, frameBytes, takeParsed } from '../common/parsedFrames.ts';
import { ByteArena } from './ByteArena.ts';
import { LazyReceivedFrame } from './LazyReceivedFrame.ts';
import { RunHandle, RunInterruptedError, type ReceivedFrame, type RunDeadlines } from './RunHandle.ts';
import { signUserToken } from './signUserToken.ts';
import type { TokenTransport, UserAuth } from './UserAuth.ts';
import { withCanary } from './withCanary.ts';

/** Attaches a recorder to a socket and returns the function that detaches it (see harness/recorder/attachRecorder). */
export type SocketRecorder = (socket: WebSocket, meta: { user: string; conn: string; url: string }) => () => void;

export interface SimulatedUserOptions {
  /** The user id the backend will know (the JWT sub). */
  userId: string;
  wsUrl: string;
  /** Base URL of the HTTP side (ticket flow). */
  httpUrl?: string;
  auth: UserAuth;
  tokenTransport?: TokenTransport;
  record?: SocketRecorder;
  stats?: ClientStats;
  /** Deadline of connect + welcome. Default 10 000 ms. */
  connectTimeoutMs?: number;
  /** Default deadline of `run.completed()`. Default 60 000 ms. */
  runTimeoutMs?: number;
  /** A run with no event this long after its request fails then (not at the run deadline). Default: not enforced. */
  startSlaMs?: number;
  /** A started run with no next event this long fails then. Default: not enforced. */
  maxGapMs?: number;
}

export interface WelcomeInfo {
  type: string;
  connectionId?: string;
  protocol: string;
}

const RUN_EVENT_TYPES: ReadonlySet<string> = new Set([...GOLDEN_PATH_EVENTS, ...OTHER_RUN_EVENTS]);
const TERMINAL: ReadonlySet<string> = new Set(DEFAULT_GOLDEN_PATH_RULES.terminal);
const KNOWN_TYPES: ReadonlyMap<string, string> = new Map(
  [...RUN_EVENT_TYPES, 'heartbeat', 'error_message', 'error', 'ack', 'pong'].map((t) => [t, t]),
);

type Waiter = { predicate: (f: ReceivedFrame) => boolean; resolve: (f: ReceivedFrame) => void };
type Outstanding = RunHandle | { raw: true };

/**
 * One simulated chat user: authenticates, waits for the welcome, sends requests carrying canaries, and
 * correlates the runs that answer them (by canary, else in order).
 * @example
 * const alice = new SimulatedUser({ userId: 'gp-1a2b-u0001', wsUrl, auth: { kind: 'jwt', secret } });
 * await alice.connect();
 * const result = await alice.startAgent('Compare plans [tools:2]').completed();
 */
export class SimulatedUser {
  readonly userId: string;
  socket: WebSocket | undefined;
  welcome: WelcomeInfo | undefined;
  /** Every parsed frame received, across reconnects, in order. */
  readonly inbox: ReceivedFrame[] = [];
  /** Frames of runs the client could not attribute to any request of this user. */
  readonly stray: ReceivedFrame[] = [];
  readonly runs: RunHandle[] = [];
  lastClose: { code: number; reason: string } | undefined;
  private connections = 0;
  private readonly options: SimulatedUserOptions;
  private readonly byRun = new Map<string, RunHandle>();
  private readonly byCanary = new Map<string, RunHandle>();
  /** Events of runs not bound yet, with the values they parsed to. */
  /** The bytes of every frame this user keeps (see LazyReceivedFrame). */
  private readonly arena = new ByteArena();
  private readonly unbound = new Map<string, Array<[ReceivedFrame, Record<string, unknown>]>>();
  private outstanding: Outstanding[] = [];
  private waiters: Waiter[] = [];
  private detach: (() => void) | undefined;
  private closeWaiters: Array<() => void> = [];
  /** Set while we close the socket ourselves: such a close is not the backend dropping the user. */
  private closing = false;
  private reading = true;

  /** The deadlines every run of this user is held to (one object, shared by its runs, which only read it). */
  private readonly deadlines: RunDeadlines;
  /** True while the user does not read its socket (see pause()). */
  private readonly paused = (): boolean => !this.reading;

  constructor(options: SimulatedUserOptions) {
    this.options = options;
    this.userId = options.userId;
    this.deadlines = {
      runDeadlineMs: options.runTimeoutMs ?? 60_000,
      ...(options.startSlaMs !== undefined && { startSlaMs: options.startSlaMs }),
      ...(options.maxGapMs !== undefined && { maxGapMs: options.maxGapMs }),
    };
  }

  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN && this.welcome !== undefined;
  }

  /** Name of the current socket in histories: `<user>#<n>`. */
  get conn(): string {
    return `${this.userId}#${this.connections}`;
  }

  /** Opens a socket with this user's credential and waits for the welcome. */
  async connect(options: { timeoutMs?: number } = {}): Promise<WelcomeInfo> {
    const timeoutMs = options.timeoutMs ?? this.options.connectTimeoutMs ?? 10_000;
    const credential = await this.credential(timeoutMs);
    const request = connectionRequest(this.options.wsUrl, credential, this.options.tokenTransport ?? 'subprotocol');
    this.connections++;
    const socket = new WebSocket(request.url, request.protocols, {
      headers: request.headers,
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
    });
    this.socket = socket;
    this.welcome = undefined;
    this.detach = this.options.record?.(socket, { user: this.userId, conn: this.conn, url: redactUrl(request.url) });
    const where = `user ${this.userId} connecting to ${redactUrl(this.options.wsUrl)}`;
    const firstFrame = this.inbox.length;
    let opened = false;
    const welcomed = new Promise<WelcomeInfo>((resolve, reject) => {
      socket.on('open', () => {
        opened = true;
        if (this.options.stats) this.options.stats.connected++;
      });
      socket.on('message', (data, isBinary) => {
        const received = this.onMessage(data, isBinary);
        if (received === undefined) return;
        const [frame, body] = received;
        if (this.welcome === undefined && isWelcome(body)) {
          this.welcome = { type: frame.type, protocol: socket.protocol };
          const connectionId = readString(body, 'connection_id');
          if (connectionId !== undefined) this.welcome.connectionId = connectionId;
          for (const run of this.runs) if (!run.done) run.touch();
          resolve(this.welcome);
        }
        frame.release();
      });
      socket.on('error', (error) => {
        if (this.welcome === undefined) reject(classifyConnectError(error, where));
      });
      socket.on('close', (code, reason) => {
        if (opened && this.options.stats) this.options.stats.connected--;
        this.lastClose = { code, reason: reason.toString() };
        if (this.welcome === undefined)
          reject(
            classifyCloseBeforeWelcome(
              this.lastClose,
              this.inbox.slice(firstFrame).map((r) => r.frame),
              where,
            ),
          );
        else if (!this.closing && this.socket === socket) this.failOpenRuns(code, reason.toString());
        this.detach?.();
        for (const wake of this.closeWaiters.splice(0)) wake();
      });
    });
    try {
      return await withDeadline(welcomed, { what: `no welcome for user ${this.userId} (${this.conn})`, timeoutMs });
    } catch (error) {
      socket.terminate();
      throw error instanceof DeadlineError ? classifyWelcomeTimeout(opened, timeoutMs, where, error) : error;
    }
  }

  /**
   * Sends start_agent with a fresh canary appended to the text; the handle resolves when the run ends.
   * @example const run = user.startAgent('Plan a trip [tools:3]'); await run.completed({ timeoutMs: 30_000 })
   */
  startAgent(text: string, options: { threadId?: string | null } = {}): RunHandle {
    const { text: withRef, canary } = withCanary(text);
    const handle = this.track('start_agent', withRef, canary);
    this.send({
      type: 'start_agent',
      payload: {
        user_request: withRef,
        thread_id: options.threadId ?? null,
        context: { source: 'message_input' },
        settings: {},
      },
    });
    return handle;
  }

  /** Sends a follow-up user_message in a thread; it starts a run like start_agent. */
  userMessage(text: string, threadId: string | null): RunHandle {
    const { text: withRef, canary } = withCanary(text);
    const handle = this.track('user_message', withRef, canary);
    this.send({ type: 'user_message', payload: { content: withRef, references: [], thread_id: threadId } });
    return handle;
  }

  /** Sends ping and waits for pong; returns the round trip in ms. */
  async ping(options: { timeoutMs?: number } = {}): Promise<number> {
    const started = performance.now();
    const pong = this.nextMessage((f) => f.type === 'pong', {
      timeoutMs: options.timeoutMs ?? 5000,
      what: `no pong for user ${this.userId}`,
    });
    this.send({ type: 'ping', timestamp: Date.now() });
    await pong;
    return performance.now() - started;
  }

  /** Sends text (or bytes) as is, for malformed-input probes; the next error_message / ack answers it, not a run. */
  sendRaw(data: string | Buffer): void {
    this.outstanding.push({ raw: true });
    this.requireSocket().send(data);
  }

  /** Sends a JSON message as is (no canary, not tracked as a request). */
  send(message: Record<string, unknown>): void {
    this.requireSocket().send(JSON.stringify(message));
  }

  /**
   * Waits for the next received frame that matches (frames already in the inbox from index `since` count too).
   * @example await user.nextMessage((f) => f.type === 'error_message', { what: 'no error for the oversized frame' })
   */
  nextMessage(
    predicate: (f: ReceivedFrame) => boolean,
    options: { timeoutMs?: number; what?: string; since?: number } = {},
  ): Promise<ReceivedFrame> {
    if (options.since !== undefined) {
      const found = this.inbox.slice(options.since).find(predicate);
      if (found) return Promise.resolve(found);
    }
    let waiter!: Waiter;
    const arrived = new Promise<ReceivedFrame>((resolve) => {
      waiter = { predicate, resolve };
      this.waiters.push(waiter);
    });
    const timeoutMs = options.timeoutMs ?? 10_000;
    return withDeadline(arrived, {
      what: options.what ?? `no matching frame for user ${this.userId}`,
      timeoutMs,
    }).finally(() => {
      this.waiters = this.waiters.filter((w) => w !== waiter);
    });
  }

  /** Stops reading from the socket (a slow consumer); frames wait in the kernel until `resume()`. */
  pause(): void {
    this.reading = false;
    this.socket?.pause();
  }

  resume(): void {
    this.reading = true;
    for (const run of this.runs) if (!run.done) run.touch();
    this.socket?.resume();
  }

  /** Closes the socket (abruptly with `terminate`) and opens a new one; tracked runs keep their handles. */
  async reconnect(options: { abrupt?: boolean; timeoutMs?: number } = {}): Promise<WelcomeInfo> {
    await this.close({ abrupt: options.abrupt ?? false });
    return this.connect(options);
  }

  /** Closes the socket and waits (at most 5 s, then terminates) for the close to complete. */
  async close(options: { abrupt?: boolean; code?: number } = {}): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    this.closing = true;
    if (options.abrupt || socket.readyState === WebSocket.CONNECTING) socket.terminate();
    else socket.close(options.code ?? 1000, 'goldpath: done');
    try {
      await withDeadline(closed, { what: `socket ${this.conn} did not close`, timeoutMs: 5000 });
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      socket.terminate();
    } finally {
      this.closing = false;
    }
  }

  private async credential(timeoutMs: number): Promise<{ token?: string; ticket?: string }> {
    const auth = this.options.auth;
    switch (auth.kind) {
      case 'none':
        return {};
      case 'static':
        return { token: auth.token };
      case 'jwt':
        return {
          token: await signUserToken({
            secret: auth.secret,
            userId: this.userId,
            ...(auth.issuer ? { issuer: auth.issuer } : {}),
            ...(auth.claims ? { claims: auth.claims } : {}),
          }),
        };
      case 'ticket': {
        const token = await signUserToken({
          secret: auth.secret,
          userId: this.userId,
          ...(auth.issuer ? { issuer: auth.issuer } : {}),
          ...(auth.claims ? { claims: auth.claims } : {}),
        });
        const httpUrl = this.options.httpUrl ?? this.options.wsUrl.replace(/^ws/, 'http');
        return {
          ticket: await fetchTicket({
            httpUrl,
            token,
            timeoutMs,
            userId: this.userId,
            ...(auth.ticketPath ? { ticketPath: auth.ticketPath } : {}),
          }),
        };
      }
    }
  }

  private requireSocket(): WebSocket {
    if (!this.socket || this.socket.readyState !== WebSocket.OPEN) {
      if (this.lastClose !== undefined && this.connections > 0) {
        const reason = this.lastClose.reason !== '' ? ` (${this.lastClose.reason})` : '';
        throw new RunInterruptedError(
          `user ${this.userId} cannot send: its socket ${this.conn} closed with ${this.lastClose.code}${reason}; reconnect() first`,
        );
      }
      throw new Error(`user ${this.userId} has no open socket (${this.conn}): call connect() first`);
    }
    return this.socket;
  }

  /** The backend closed the socket (or it broke): runs waiting on it cannot end there, so they fail now. */
  private failOpenRuns(code: number, reason: string): void {
    const why = reason !== '' ? ` (${reason})` : '';
    for (const run of this.runs) {
      if (run.done) continue;
      const which = run.runId !== undefined ? `run ${run.runId}` : `the ${run.kind} ${run.canary}`;
      const seen = run.events.length > 0 ? `after ${run.types.join(' → ')}` : 'before any event';
      run.fail(
        new RunInterruptedError(
          `socket ${this.conn} of user ${this.userId} closed with ${code}${why} ${seen} of ${which}: it cannot complete on this socket`,
        ),
      );
    }
  }

  private track(kind: RunHandle['kind'], text: string, canary: string): RunHandle {
    const handle = new RunHandle(this.userId, kind, text, canary, this.deadlines, this.paused);
    this.runs.push(handle);
    this.byCanary.set(canary, handle);
    this.outstanding.push(handle);
    if (this.options.stats) this.options.stats.requests++;
    return handle;
  }

  /**
   * Handles one frame on arrival; returns it with the value it parsed to, which the caller reads (not `frame`, which
   * would keep that value) before it calls `release()`.
   */
  private onMessage(
    data: WebSocket.RawData,
    isBinary: boolean,
  ): [LazyReceivedFrame, Record<string, unknown>] | undefined {
    if (isBinary) return undefined;
    const bytes = frameBytes(data);
    let frame = takeParsed(data);
    if (frame === INVALID_JSON) return undefined;
    if (frame === undefined) {
      try {
        frame = JSON.parse(bytes.toString());
      } catch {
        return undefined;
      }
    }
    if (frame === null || typeof frame !== 'object' || Array.isArray(frame)) return undefined;
    const body = frame as Record<string, unknown>;
    // a known type as one shared string: the frame keeps its type, and a parsed one is a new string every time
    const type = typeof body.type === 'string' ? (KNOWN_TYPES.get(body.type) ?? body.type) : '';
    const received = new LazyReceivedFrame(type, performance.now(), this.arena, bytes, body);
    this.inbox.push(received);
    if (this.options.stats) this.options.stats.events++;
    if (type === 'heartbeat' && this.socket?.readyState === WebSocket.OPEN) {
      this.socket.send(JSON.stringify({ type: 'heartbeat_ack', timestamp: Date.now() / 1000 }));
    } else if (type === 'error_message' || type === 'error' || type === 'ack') {
      this.onReply(received, body, bytes);
    } else if (RUN_EVENT_TYPES.has(type)) {
      this.onRunEvent(received, body, bytes);
    }
    for (const waiter of this.waiters) {
      if (waiter.predicate(received)) waiter.resolve(received);
    }
    return [received, body];
  }

  /** An error_message (or ack) answers the oldest request still waiting for its run, or a raw send. */
  private onReply(received: ReceivedFrame, frame: Record<string, unknown>, bytes: Buffer): void {
    const quoted = findCanaries(bytes.toString())
      .map((c) => this.byCanary.get(c))
      .find((h) => h && !h.done && h.runId === undefined);
    const index = quoted
      ? this.outstanding.indexOf(quoted)
      : this.outstanding.findIndex((o) => !(o instanceof RunHandle) || (!o.done && o.runId === undefined));
    if (index < 0) return;
    const [item] = this.outstanding.splice(index, 1);
    if (item instanceof RunHandle && received.type !== 'ack') {
      const code = String(readField(frame, 'error_code') ?? 'UNKNOWN');
      const message = String(readField(frame, 'error_message') ?? readField(frame, 'message') ?? '');
      item.reject({ code, message });
      if (this.options.stats) this.options.stats.runsDone++;
    }
  }

  /**
   * `frame` is the value `received` parsed to; `bytes` are decoded only for the first event of a run not yet known
   * (its canary binds it to its request).
   */
  private onRunEvent(received: ReceivedFrame, frame: Record<string, unknown>, bytes: Buffer): void {
    const runId = readString(frame, 'run_id');
    if (runId === undefined) {
      // the emitter's agent_error carries no ids: it belongs to the innermost open run of this socket
      const innermost =
        received.type === DEFAULT_GOLDEN_PATH_RULES.terminal[1] ? this.runs.findLast((h) => h.open) : undefined;
      if (innermost !== undefined) return this.deliver(innermost, received, frame);
      this.stray.push(received);
      return;
    }
    const known = this.byRun.get(runId);
    if (known) return this.deliver(known, received, frame);
    const quoted = findCanaries(bytes.toString())
      .map((c) => this.byCanary.get(c))
      .find((h) => h && h.runId === undefined && !h.done);
    const buffer = this.unbound.get(runId) ?? [];
    buffer.push([received, frame]);
    this.unbound.set(runId, buffer);
    const pending = this.outstanding.filter(
      (o): o is RunHandle => o instanceof RunHandle && o.runId === undefined && !o.done,
    );
    const byOrder =
      TERMINAL.has(received.type) || (pending.length === 1 && this.unbound.size === 1) ? pending[0] : undefined;
    const handle = quoted ?? byOrder;
    if (!handle) return;
    this.unbound.delete(runId);
    this.byRun.set(runId, handle);
    handle.bind(runId);
    this.outstanding = this.outstanding.filter((o) => o !== handle);
    for (const [event, body] of buffer) this.deliver(handle, event, body);
  }

  private deliver(handle: RunHandle, received: ReceivedFrame, frame: Record<string, unknown>): void {
    const wasDone = handle.done;
    handle.push(received, frame);
    if (!wasDone && handle.done && this.options.stats) this.options.stats.runsDone++;
  }
}
