import WebSocket from 'ws';
import { z } from 'zod';
import { isContentIssue, ServerMessage } from '../../contracts/index.ts';
import { signTestToken } from '../signTestToken.ts';

/** A parsed server frame; the index signature keeps assertions on any field short. */
export type Frame = { readonly type: string } & Readonly<Record<string, unknown>>;

export type AuthVia = 'subprotocol' | 'jwt-auth' | 'bearer-subprotocol' | 'header' | 'query' | 'ticket' | 'none';

export interface TestClientOptions {
  userId: string;
  via?: AuthVia;
  /** A ready token instead of a signed one (for bad-token tests). */
  token?: string;
  path?: '/ws' | '/api/v1/websocket';
  /** Extra subprotocols offered after the token entry. */
  protocols?: readonly string[];
  /** Wait for the welcome before resolving. Default true. */
  awaitWelcome?: boolean;
  /** Validate every frame against contracts' ServerMessage. Default true. */
  validate?: boolean;
}

interface Target {
  wsUrl: string;
  httpUrl: string;
  secret: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** A simulated user on a real socket, for the reference backend's own tests. Every wait has a deadline. */
export class TestClient {
  readonly frames: Frame[] = [];
  readonly contractViolations: string[] = [];
  closed: { code: number; reason: string } | undefined;
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly userId: string,
    readonly socket: WebSocket,
    private readonly validate: boolean,
  ) {
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      if (this.validate) {
        const parsed = ServerMessage.safeParse(frame);
        // A content rule (final_response "Task completed" is shorter than their validators like) is a warning, not a violation.
        if (!parsed.success && !parsed.error.issues.every(isContentIssue))
          this.contractViolations.push(`${frame.type}: ${z.prettifyError(parsed.error)}`);
      }
      this.frames.push(frame);
      for (const listener of this.listeners) listener();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      for (const listener of this.listeners) listener();
    });
    socket.on('error', () => {});
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  /** Frames of one type, in arrival order. */
  ofType(type: string): Frame[] {
    return this.frames.filter((frame) => frame.type === type);
  }

  /** Resolves with the first frame (from `from` on) matching `predicate`; rejects after `timeoutMs` with what arrived. */
  waitFor(
    predicate: (frame: Frame) => boolean,
    description: string,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    from = 0,
  ): Promise<Frame> {
    return this.until(() => this.frames.slice(from).find(predicate), description, timeoutMs);
  }

  waitForClose(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<{ code: number; reason: string }> {
    return this.until(() => this.closed, 'the socket to close', timeoutMs);
  }

  /**
   * Sends start_agent and resolves with that run's frames once the agent that opened the run ends it: the run is the
   * run_id of the first frame quoting the request; its root is the agent of its first agent_started.
   */
  async runGoldenPath(text: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<Frame[]> {
    const from = this.frames.length;
    this.send({
      type: 'start_agent',
      payload: { user_request: text, thread_id: null, context: { source: 'message_input' }, settings: {} },
    });
    const quoted = JSON.stringify(text).slice(1, -1);
    const quoting = await this.waitFor(
      (frame) => typeof frame['run_id'] === 'string' && JSON.stringify(frame).includes(quoted),
      `a frame quoting "${text}"`,
      timeoutMs,
      from,
    );
    const runId = quoting['run_id'];
    const ofRun = (): Frame[] => this.frames.slice(from).filter((frame) => frame['run_id'] === runId);
    await this.waitFor(
      (frame) => {
        if (frame['run_id'] !== runId || (frame.type !== 'agent_completed' && frame.type !== 'agent_error'))
          return false;
        const root = ofRun().find((f) => f.type === 'agent_started')?.['agent_name'];
        return root === undefined || frame['agent_name'] === root;
      },
      `the end of run ${String(runId)} for "${text}"`,
      timeoutMs,
      from,
    );
    return ofRun();
  }

  /** Waits `ms` and returns the frames that arrived meanwhile (to show that nothing arrives). */
  async framesDuring(ms: number): Promise<Frame[]> {
    const from = this.frames.length;
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.frames.slice(from);
  }

  close(): void {
    if (this.socket.readyState === WebSocket.OPEN || this.socket.readyState === WebSocket.CONNECTING)
      this.socket.terminate();
  }

  private until<T>(check: () => T | undefined, description: string, timeoutMs: number): Promise<T> {
    const found = check();
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const listener = (): void => {
        const value = check();
        if (value === undefined) return;
        clearTimeout(timer);
        this.listeners.delete(listener);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.listeners.delete(listener);
        const seen = this.frames.map((frame) => frame.type).join(', ') || 'nothing';
        reject(
          new Error(
            `no ${description} for user ${this.userId} after ${timeoutMs} ms; received: ${seen}${this.closed ? `; closed ${this.closed.code}` : ''}`,
          ),
        );
      }, timeoutMs);
      this.listeners.add(listener);
    });
  }
}

/** Opens an authenticated socket for `userId` and (by default) waits for its welcome. */
export async function connectTestClient(target: Target, options: TestClientOptions): Promise<TestClient> {
  const via = options.via ?? 'subprotocol';
  const token = options.token ?? (await signTestToken({ secret: target.secret, userId: options.userId }));
  const url = new URL(target.wsUrl);
  if (options.path) url.pathname = options.path;
  const protocols = [...(options.protocols ?? [])];
  const headers: Record<string, string> = {};
  if (via === 'subprotocol') protocols.unshift(`jwt.${token}`);
  if (via === 'jwt-auth') protocols.unshift(`jwt-auth.${token}`);
  if (via === 'bearer-subprotocol') protocols.unshift(`bearer.${token}`);
  if (via === 'header') headers['authorization'] = `Bearer ${token}`;
  if (via === 'query') url.searchParams.set('token', token);
  if (via === 'ticket') url.searchParams.set('ticket', await requestTicket(target, token));
  const socket = new WebSocket(url, protocols, { headers });
  const client = new TestClient(options.userId, socket, options.validate ?? true);
  if (options.awaitWelcome ?? true) {
    await client.waitFor(
      (frame) => frame.type === 'connection_established' || frame.type === 'error_message',
      'welcome',
    );
  } else {
    await client.waitFor(() => true, 'first frame').catch(() => undefined);
  }
  return client;
}

export async function requestTicket(
  target: Target,
  token: string,
  body: unknown = { ttl_seconds: 60, single_use: true },
): Promise<string> {
  const response = await fetch(`${target.httpUrl}/api/websocket/ticket`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(DEFAULT_TIMEOUT_MS),
  });
  const json = (await response.json()) as { ticket_id?: string };
  if (!response.ok || json.ticket_id === undefined)
    throw new Error(`ticket request failed with ${response.status}: ${JSON.stringify(json)}`);
  return json.ticket_id;
}

const VARYING = [
  'event_id',
  'timestamp',
  'thread_id',
  'run_id',
  'request_id',
  'execution_id',
  'execution_time',
  'duration',
  'duration_ms',
  'execution_time_ms',
];

/** Masks what differs between identical runs (ids, times, at the top level and under data/metadata) so two runs' frames compare equal. */
export function maskFrame(frame: Frame): Record<string, unknown> {
  const mask = (holder: Record<string, unknown>): Record<string, unknown> => {
    const masked: Record<string, unknown> = { ...holder };
    for (const key of VARYING) if (key in masked && masked[key] !== null) masked[key] = '<masked>';
    return masked;
  };
  const masked = mask(frame);
  for (const place of ['data', 'metadata']) {
    const inner = masked[place];
    if (inner !== null && typeof inner === 'object' && !Array.isArray(inner))
      masked[place] = mask(inner as Record<string, unknown>);
  }
  return masked;
}

/** Tracks the clients of one test file so afterEach can close them and check every frame against the contracts. */
export function createClientPool() {
  const clients: TestClient[] = [];
  return {
    async connect(target: Target, options: TestClientOptions): Promise<TestClient> {
      const client = await connectTestClient(target, options);
      clients.push(client);
      return client;
    },
    /** Closes every client and returns the contract violations they saw. */
    closeAll(): string[] {
      const violations = clients.flatMap((client) => client.contractViolations.map((v) => `${client.userId}: ${v}`));
      for (const client of clients.splice(0)) client.close();
      return violations;
    },
  };
}
