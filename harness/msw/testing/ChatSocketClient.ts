import { normalizeNetraFrame } from '../../../contracts/index.ts';
import { withDeadline } from '../../common/waitFor.ts';
import { RootSpan } from '../RootSpan.ts';

export type Frame = { type: string } & Record<string, unknown>;

/** What one request got back: every frame of its run_id until the agent that opened it ended, or the socket closed. */
export interface ClientRun {
  runId?: string;
  /** The first thread id its frames carry (a supervisor's bridge frames carry none, its sub-agents' do). */
  threadId?: string;
  frames: Frame[];
  types: string[];
  ended: 'completed' | 'error' | 'closed' | 'rejected';
}

const DEFAULT_TIMEOUT_MS = 5000;

const CONNECTION_TYPES = new Set(['heartbeat', 'pong', 'ack', 'ping']);

/**
 * A small client of the chat frontend's protocol on a standard `WebSocket` (what a browser and msw's `ws.link` see):
 * offers `['jwt-auth', 'jwt.<token>']`, waits for the welcome, sends `start_agent` / `user_message` like the real
 * frontend, and follows a run's agent spans (a supervisor and its sub-agents share the run_id) to the end of the root.
 */
export class ChatSocketClient {
  readonly frames: Frame[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      this.frames.push(JSON.parse(event.data) as Frame);
      for (const listener of this.listeners) listener();
    });
    socket.addEventListener('close', (event) => {
      this.closed = { code: event.code, reason: event.reason };
      for (const listener of this.listeners) listener();
    });
  }

  /** Connects and resolves with the welcome. */
  static async connect(
    url: string,
    token: string | undefined,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<{ client: ChatSocketClient; welcome: Frame }> {
    const client = new ChatSocketClient(new WebSocket(url, token === undefined ? [] : ['jwt-auth', `jwt.${token}`]));
    const welcome = await client.next(
      (f) => f.type === 'connection_established' || f.type === 'connection_ready' || f.type === 'system_message',
      `no welcome on ${url}`,
      timeoutMs,
    );
    return { client, welcome };
  }

  startAgent(text: string, threadId: string | null = null): number {
    return this.send({
      type: 'start_agent',
      payload: { user_request: text, thread_id: threadId, context: { source: 'message_input' }, settings: {} },
    });
  }

  userMessage(text: string, threadId: string | null): number {
    return this.send({ type: 'user_message', payload: { content: text, references: [], thread_id: threadId } });
  }

  /** Sends a frame; returns how many frames had arrived before it (where to look for its answer). */
  send(message: Record<string, unknown>): number {
    this.socket.send(JSON.stringify(message));
    return this.frames.length;
  }

  /** The first frame from `since` on that matches. */
  async next(
    predicate: (f: Frame) => boolean,
    what: string,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    since = 0,
  ): Promise<Frame> {
    return this.until(
      () => this.frames.slice(since).find(predicate) ?? (this.closed ? null : undefined),
      what,
      timeoutMs,
    ).then((f) => {
      if (f === null) throw new Error(`${what}: the socket closed (${this.closed?.code} ${this.closed?.reason})`);
      return f;
    });
  }

  /** The run that answers the request sent when `since` frames had arrived: all of it, up to its root agent's end. */
  async run(since: number, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<ClientRun> {
    return this.until(
      () => this.runSoFar(since),
      `no end of the run answering the request after frame ${since}`,
      timeoutMs,
    );
  }

  close(): void {
    this.socket.close(1000, 'done');
  }

  private runSoFar(since: number): ClientRun | undefined {
    let runId: string | undefined;
    let threadId: string | undefined;
    const frames: Frame[] = [];
    const root = new RootSpan();
    const done = (ended: ClientRun['ended']): ClientRun => ({
      ...(runId !== undefined && { runId }),
      ...(threadId !== undefined && { threadId }),
      frames,
      types: frames.map((f) => f.type),
      ended,
    });
    for (const frame of this.frames.slice(since)) {
      if (CONNECTION_TYPES.has(frame.type)) continue;
      const event = normalizeNetraFrame(frame);
      if (runId === undefined && (frame.type === 'error_message' || frame.type === 'error'))
        return { frames: [frame], types: [frame.type], ended: 'rejected' };
      runId ??= event.runId;
      if (runId === undefined || (event.runId !== undefined && event.runId !== runId)) continue;
      threadId ??= event.threadId;
      frames.push(frame);
      if (root.follow(frame)) return done(root.ended === 'agent_completed' ? 'completed' : 'error');
    }
    return this.closed ? done('closed') : undefined;
  }

  private until<T>(probe: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    const settled = new Promise<T>((resolve) => {
      const listener = (): void => {
        const value = probe();
        if (value === undefined) return;
        this.listeners.delete(listener);
        resolve(value);
      };
      this.listeners.add(listener);
    });
    return withDeadline(settled, { what: `${what} (${this.frames.length} frames so far)`, timeoutMs });
  }
}
