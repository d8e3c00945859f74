import type { Socket } from 'node:net';
import type { RawData, WebSocket } from 'ws';
import type { ClientConnection } from '../websocket/ClientConnection.ts';
import type { BackendRuntime } from './BackendRuntime.ts';
import type { AuthenticatedUser } from './verifyAccessToken.ts';

export const GOLDEN_PATH_EVENTS = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
] as const;
export const MAX_MESSAGE_BYTES = 8192;

type Body = Record<string, unknown>;

/** What the real welcome says the main mode offers. */
const FEATURES = {
  full_business_logic: true,
  golden_path_integration: true,
  cloud_run_optimized: true,
  emergency_fallback: true,
  agent_orchestration: true,
} as const;

const isObject = (value: unknown): value is Body =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One authenticated socket: reads client frames and answers them; agent events reach it via the connection manager. */
export class ChatSession implements ClientConnection {
  readonly id: string;
  readonly userId: string;
  private readonly unregister: () => void;
  /** ws's underlying TCP socket (undocumented but long-stable `_socket`), corked while a tick's frames queue up. */
  private readonly transport: Socket | undefined;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.transport?.uncork();
  };
  heartbeatAcks = 0;
  private framesHandled = 0;
  private agentRequests = 0;

  constructor(
    private readonly socket: WebSocket,
    readonly user: AuthenticatedUser,
    private readonly runtime: BackendRuntime,
  ) {
    this.id = runtime.newConnectionId();
    this.userId = user.userId;
    runtime.connections.add(this);
    this.unregister = runtime.router.register(this.id, (request, faults, socketId) =>
      runtime.runAgentRequest(this, request, faults, socketId),
    );
    this.transport = (socket as unknown as { _socket?: Socket })._socket;
  }

  send(frame: string): void {
    if (this.socket.readyState !== 1) return;
    // Frames sent within one tick (a whole run at latencyMs 0) leave in one write instead of one syscall each.
    if (!this.corked && this.transport) {
      this.corked = true;
      this.transport.cork();
      process.nextTick(this.uncork);
    }
    this.socket.send(frame);
  }

  /** As the real main mode sends it, `features`, `server_id` and `correlation_id` included. */
  welcome(): void {
    this.send(
      JSON.stringify({
        type: 'connection_established',
        data: {
          mode: 'main',
          user_id: `${this.userId.slice(0, 8)}...`,
          connection_id: this.id,
          golden_path_events: GOLDEN_PATH_EVENTS,
          features: FEATURES,
          timestamp: new Date().toISOString(),
        },
        timestamp: Date.now() / 1000,
        server_id: null,
        correlation_id: null,
      }),
    );
  }

  /** The main loop's heartbeat, with this socket's counters. */
  heartbeat(): void {
    const now = new Date();
    this.send(
      JSON.stringify({
        type: 'heartbeat',
        data: {
          connection_id: this.id,
          timestamp: now.toISOString(),
          stats: { messages_processed: this.framesHandled, agent_events_processed: this.agentRequests },
        },
        timestamp: now.getTime() / 1000,
        server_id: null,
        correlation_id: null,
      }),
    );
  }

  close(): void {
    this.runtime.connections.remove(this);
    this.unregister();
  }

  handleFrame(data: RawData, isBinary: boolean): void {
    const runtime = this.runtime;
    runtime.counters.frames_received++;
    if (this.framesHandled++ === 0 && runtime.defectPlan.drawForConnection().has('router-arity-closes-socket'))
      return this.failOnArity();
    const size = frameSize(data);
    if (size > MAX_MESSAGE_BYTES) {
      runtime.sendError(
        this,
        'MESSAGE_TOO_LARGE',
        `Message of ${size} bytes exceeds the ${MAX_MESSAGE_BYTES}-byte limit; it was ignored.`,
        {
          size_bytes: size,
          max_bytes: MAX_MESSAGE_BYTES,
        },
        ['Shorten the message or split it into several messages.'],
      );
      return;
    }
    if (isBinary) {
      runtime.sendError(this, 'INVALID_MESSAGE_FORMAT', 'Binary frames are not supported: send JSON text frames.', {}, [
        'Send the message as a JSON text frame.',
      ]);
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch (error) {
      runtime.sendError(this, 'JSON_PARSE_ERROR', `Message is not valid JSON: ${(error as Error).message}`, {}, [
        'Send a JSON object such as {"type":"ping"}.',
      ]);
      return;
    }
    if (!isObject(message) || typeof message['type'] !== 'string') {
      runtime.sendError(this, 'INVALID_MESSAGE_FORMAT', 'Expected a JSON object with a string "type".', {}, [
        'Send {"type":"start_agent","payload":{"user_request":"..."}}.',
      ]);
      return;
    }
    this.dispatch(message['type'], message);
  }

  /** router-arity-closes-socket: the handler call raises a TypeError, and the main loop ends the socket normally, unanswered. */
  private failOnArity(): void {
    this.socket.close(1000, 'Normal closure');
  }

  private dispatch(type: string, message: Body): void {
    switch (type) {
      case 'start_agent':
      case 'user_message':
        return this.requestAgent(type, message);
      case 'ping':
        return this.send(
          JSON.stringify({
            type: 'pong',
            data: { timestamp: message['timestamp'] ?? Date.now(), user_id: this.userId },
            timestamp: Date.now() / 1000,
            server_id: null,
            correlation_id: null,
          }),
        );
      case 'heartbeat_ack':
        this.heartbeatAcks++;
        return;
      default:
        return this.send(JSON.stringify({ type: 'ack', received_type: type, status: 'acknowledged' }));
    }
  }

  private requestAgent(kind: 'start_agent' | 'user_message', message: Body): void {
    const runtime = this.runtime;
    const body = isObject(message['payload']) ? message['payload'] : message;
    const text = kind === 'start_agent' ? nonEmptyString(body['user_request']) : firstText(body);
    if (text === undefined) {
      if (kind === 'start_agent') {
        runtime.sendError(this, 'MISSING_USER_REQUEST', 'start_agent needs a non-empty payload.user_request.', {}, [
          'Send {"type":"start_agent","payload":{"user_request":"<your question>"}}.',
        ]);
      } else {
        runtime.sendError(
          this,
          'MISSING_MESSAGE_CONTENT',
          'user_message needs a non-empty content, message or text.',
          {},
          ['Send {"type":"user_message","payload":{"content":"<your question>"}}.'],
        );
      }
      return;
    }
    const rawThreadId = body['thread_id'];
    if (rawThreadId !== undefined && rawThreadId !== null && nonEmptyString(rawThreadId) === undefined) {
      runtime.sendError(
        this,
        'INVALID_MESSAGE_FORMAT',
        `thread_id must be a non-empty string or null, received ${JSON.stringify(rawThreadId)}.`,
        {},
        ['Omit thread_id (or send null) to start a new thread.'],
      );
      return;
    }
    const threadId =
      typeof rawThreadId === 'string' ? rawThreadId : runtime.newThreadId(kind === 'start_agent' ? 'agent' : 'message');
    if (!runtime.threads.claim(threadId, this.userId)) {
      runtime.sendError(
        this,
        'THREAD_ACCESS_DENIED',
        `Thread ${threadId} does not belong to this user.`,
        { thread_id: threadId },
        ['Use a thread_id from your own events, or omit it to start a new thread.'],
      );
      return;
    }
    const context = isObject(body['context']) ? body['context'] : undefined;
    const source = typeof context?.['source'] === 'string' ? context['source'] : kind;
    this.agentRequests++;
    runtime.router.route(this.id, { kind, text, threadId, source }, runtime.defectPlan.drawForRun());
  }
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}

function firstText(body: Body): string | undefined {
  return nonEmptyString(body['content']) ?? nonEmptyString(body['message']) ?? nonEmptyString(body['text']);
}

function frameSize(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((total, chunk) => total + chunk.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}
