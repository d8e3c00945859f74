import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { authenticateConnection, extractCredential, type AuthResult } from './authenticateConnection.ts';
import { applyFrameBugs } from './applyFrameBugs.ts';
import type { NetraBug } from './NetraBug.ts';
import type { NetraLikeBackendOptions } from './NetraLikeBackendOptions.ts';
import {
  accessDeniedFrame,
  ackFrame,
  errorMessageFrame,
  heartbeatFrame,
  pongFrame,
  welcomeFrame,
  type Frame,
  type RunIds,
} from './netraFrames.ts';
import { planBridgeRun, planPipelineRun } from './planRun.ts';

export type { NetraLikeBackendOptions, NetraLikeAuthOptions } from './NetraLikeBackendOptions.ts';
export { NETRA_BUGS, type NetraBug } from './NetraBug.ts';

/** A running Netra-like backend; `await using` closes it at the end of the scope. */
export interface NetraLikeBackend extends AsyncDisposable {
  /** `ws://127.0.0.1:<port>/ws` (`/api/v1/websocket` behaves the same). */
  readonly wsUrl: string;
  /** `http://127.0.0.1:<port>` (GET /health). */
  readonly httpUrl: string;
  /** The HS256 secret tokens must be signed with. */
  readonly secret: string;
  /** Closes every socket and the port; idempotent. */
  close(): Promise<void>;
}

const WS_PATHS = new Set(['/ws', '/api/v1/websocket']);
/** The real server's message limit; a bigger frame closes the socket with 1009. */
const MAX_MESSAGE_BYTES = 8192;
/** Frames the real server handles without answering. */
const SILENT_TYPES = new Set(['heartbeat', 'heartbeat_ack', 'pong']);
/** A heartbeat goes out between run events every so many frames, as the real main loop does on a receive timeout. */
const HEARTBEAT_EVERY = 5;

interface Connection {
  socket: WebSocket;
  userId: string;
  connectionId: string;
  messagesProcessed: number;
  agentEventsProcessed: number;
}

const hex8 = (): string => randomBytes(4).toString('hex');

/**
 * Starts a backend that speaks the wire of the real Netra server, written from the protocol description alone.
 * @example
 * await using backend = await startNetraLikeBackend({ shape: 'pipeline', auth: { requireTokenType: true } });
 * const socket = new WebSocket(backend.wsUrl, [`jwt.${token}`]);
 */
export async function startNetraLikeBackend(options: NetraLikeBackendOptions): Promise<NetraLikeBackend> {
  const auth = options.auth ?? {};
  const secret = auth.secret ?? randomBytes(32).toString('base64url');
  const bugs: ReadonlySet<NetraBug> = new Set(options.bugs ?? []);
  const subAgents = options.subAgents ?? ['triage', 'data', 'reporting'];
  const stepDelayMs = options.stepDelayMs ?? 2;
  const threadOwners = new Map<string, string>();
  const sharedRequests: string[] = [];
  let runCounter = 0;
  let newestSocket: WebSocket | undefined;
  let closed = false;

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    if (request.method === 'GET' && request.url?.split('?')[0] === '/health') {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ status: 'healthy', service: 'netra-backend' }));
      return;
    }
    response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ detail: 'Not Found' }));
  });

  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_MESSAGE_BYTES,
    handleProtocols: (protocols: Set<string>) => {
      if (auth.subprotocol === 'jwt-auth') return protocols.has('jwt-auth') ? 'jwt-auth' : false;
      return [...protocols].find((entry) => /^(jwt|jwt-auth|bearer)\..+/.test(entry)) ?? false;
    },
  });

  const send = (connection: Connection, frame: Frame): void => {
    const socket =
      bugs.has('handler-socket-overwritten') && newestSocket !== undefined ? newestSocket : connection.socket;
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };

  const runRequest = async (connection: Connection, userRequest: string, threadId: string): Promise<void> => {
    runCounter += 1;
    const ids: RunIds = {
      userId: connection.userId,
      threadId,
      runId: `run_chat_${runCounter}_${hex8()}`,
      requestId: `req_chat_${runCounter}_${hex8()}`,
    };
    let echoed = userRequest;
    if (bugs.has('shared-agent-state')) {
      sharedRequests.push(userRequest);
      echoed = sharedRequests.slice(-3).join(' | ');
    }
    const steps = options.shape === 'pipeline' ? planPipelineRun(ids, echoed, subAgents) : planBridgeRun(ids, echoed);
    let sent = 0;
    for (const step of steps) {
      await delay(stepDelayMs);
      if (closed || connection.socket.readyState !== connection.socket.OPEN) return;
      const frame = applyFrameBugs(step, bugs);
      if (frame === undefined) continue;
      send(connection, frame);
      connection.agentEventsProcessed += 1;
      sent += 1;
      if (options.shape === 'pipeline' && sent % HEARTBEAT_EVERY === 0) {
        send(
          connection,
          heartbeatFrame(connection.connectionId, connection.messagesProcessed, connection.agentEventsProcessed),
        );
      }
    }
  };

  const onMessage = (connection: Connection, data: RawData): void => {
    connection.messagesProcessed += 1;
    if (bugs.has('closes-on-first-message') && connection.messagesProcessed === 1) {
      connection.socket.close(1000);
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      send(connection, errorMessageFrame('JSON_PARSE_ERROR', 'Invalid JSON format'));
      return;
    }
    const record = isRecord(message) ? message : {};
    const type = typeof record.type === 'string' ? record.type : 'unknown';
    const body = isRecord(record.payload) ? record.payload : record;
    if (type === 'ping') return send(connection, pongFrame(connection.userId));
    if (SILENT_TYPES.has(type)) return;
    if (type !== 'start_agent' && type !== 'user_message') return send(connection, ackFrame(type));
    const text = type === 'start_agent' ? body.user_request : (body.content ?? body.message ?? body.text);
    const requested = typeof body.thread_id === 'string' && body.thread_id !== '' ? body.thread_id : undefined;
    const owner = requested === undefined ? undefined : threadOwners.get(requested);
    if (owner !== undefined && owner !== connection.userId) return send(connection, accessDeniedFrame());
    const threadId = requested ?? `thread_chat_${runCounter + 1}_${hex8()}`;
    threadOwners.set(threadId, connection.userId);
    void runRequest(connection, typeof text === 'string' ? text : '', threadId);
  };

  const onConnection = (socket: WebSocket, result: AuthResult): void => {
    if (!result.ok) {
      socket.send(JSON.stringify(errorMessageFrame('AUTH_FAILED', `Authentication failed: ${result.reason}`)));
      socket.close(1008, 'Authentication failed');
      return;
    }
    newestSocket = socket;
    const connection: Connection = {
      socket,
      userId: result.userId,
      connectionId: `main_${hex8()}`,
      messagesProcessed: 0,
      agentEventsProcessed: 0,
    };
    socket.on('message', (data) => onMessage(connection, data));
    socket.on('error', () => socket.terminate());
    socket.send(JSON.stringify(welcomeFrame(connection.userId, connection.connectionId)));
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (!WS_PATHS.has(path) || closed) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    socket.on('error', () => socket.destroy());
    void authenticateConnection(extractCredential(request), auth, secret).then((result) => {
      wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, result));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      closed = true;
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };

  return {
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    httpUrl: `http://127.0.0.1:${port}`,
    secret,
    close,
    [Symbol.asyncDispose]: close,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
