import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { assertDefectsFitShape, parseDefects } from './defects/parseDefects.ts';
import { BackendRuntime, type ReferenceBackendMetrics, type RuntimeSettings } from './server/BackendRuntime.ts';
import { ChatSession } from './server/ChatSession.ts';
import { errorMessageFrame, type ErrorCode } from './server/errorMessageFrame.ts';
import { extractCredential, selectTokenSubprotocol } from './server/extractCredential.ts';
import { handleHttpRequest } from './server/handleHttpRequest.ts';
import {
  resolveReferenceBackendOptions,
  resolveReferenceResetOptions,
  type ReferenceBackendOptions,
  type ReferenceResetOptions,
} from './server/ReferenceBackendOptions.ts';
import { silentLogger } from './server/ReferenceLogger.ts';
import { InMemoryTicketStore, type TicketStore } from './server/TicketStore.ts';
import { AuthFailedError, verifyAccessToken, type AuthenticatedUser } from './server/verifyAccessToken.ts';

export type { ReferenceBackendOptions, ReferenceResetOptions, FactoryPath } from './server/ReferenceBackendOptions.ts';
export type { ReferenceBackendMetrics } from './server/BackendRuntime.ts';

/** A running reference backend; `await using` stops it at the end of the scope. */
export interface StartedReferenceBackend extends AsyncDisposable {
  /** `ws://<host>:<port>/ws` (`/api/v1/websocket` behaves the same). */
  readonly wsUrl: string;
  /** `http://<host>:<port>`. */
  readonly httpUrl: string;
  readonly port: number;
  readonly host: string;
  /** The HS256 secret tokens must be signed with (generated when none was given). */
  readonly secret: string;
  /** The factory's metrics plus the server's counters. */
  metrics(): ReferenceBackendMetrics;
  /**
   * Closes every socket (1012), cleans every engine, forgets threads and tickets, zeroes counters, rewinds defect
   * draws; `overrides` switch factoryPath, agentShape, defects (`[]` for a clean backend), seed or latencyMs.
   */
  reset(overrides?: ReferenceResetOptions): Promise<void>;
  /** Closes every socket (1001) and the port; idempotent. */
  stop(): Promise<void>;
}

const WS_PATHS = new Set(['/ws', '/api/v1/websocket']);
/** Frames above MAX_MESSAGE_BYTES get MESSAGE_TOO_LARGE; only frames above this hard cap close the socket (1009). */
const HARD_FRAME_LIMIT = 1024 * 1024;
const CLOSE_DEADLINE_MS = 1000;

/**
 * Starts the reference backend: WebSocket (`/ws`, `/api/v1/websocket`) and HTTP on one port.
 * @example
 * await using backend = await startReferenceBackend({ latencyMs: 0, defects: ['drop-thinking'] });
 * const token = await signTestToken({ secret: backend.secret, userId: 'user-7f3a' });
 * const socket = new WebSocket(backend.wsUrl, [`jwt.${token}`]);
 */
export async function startReferenceBackend(options: ReferenceBackendOptions = {}): Promise<StartedReferenceBackend> {
  const resolved = resolveReferenceBackendOptions(options);
  const logger = resolved.logger ?? silentLogger;
  const secret = resolved.secret ?? randomBytes(32).toString('base64url');
  const secretKey = new TextEncoder().encode(secret);
  const ticketStore: TicketStore = resolved.ticketStore ?? new InMemoryTicketStore();
  const initialSettings: RuntimeSettings = {
    factoryPath: resolved.factoryPath,
    agentShape: resolved.agentShape,
    defects: parseDefects(resolved.defects),
    seed: resolved.seed,
    latencyMs: resolved.latencyMs,
  };
  assertDefectsFitShape(initialSettings.defects, initialSettings.agentShape);
  const runtime = new BackendRuntime(resolved, initialSettings, logger);
  const sockets = new Map<WebSocket, ChatSession | undefined>();
  let stopping = false;
  let wsUrl = '';
  const startedAt = Date.now();

  const server = createServer((request, response) => {
    void handleHttpRequest(request, response, { runtime, secretKey, ticketStore, wsUrl: () => wsUrl, startedAt });
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: HARD_FRAME_LIMIT,
    perMessageDeflate: false,
    clientTracking: false,
    handleProtocols: (protocols) => selectTokenSubprotocol(protocols) ?? protocols.values().next().value ?? false,
  });

  server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (!WS_PATHS.has(path)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => void accept(ws, request));
  });

  const reject = (ws: WebSocket, code: ErrorCode, message: string, closeCode: number, reason: string): void => {
    runtime.counters.connections_rejected++;
    runtime.counters.error_messages[code] = (runtime.counters.error_messages[code] ?? 0) + 1;
    ws.send(errorMessageFrame(code, message, {}, runtime.settings.agentShape === 'pipeline' ? null : []));
    ws.close(closeCode, reason);
  };
  const rejectNotReady = (ws: WebSocket): void =>
    reject(ws, 'SERVICE_NOT_READY', 'The backend is shutting down; reconnect later.', 1011, 'Service not ready');

  async function accept(ws: WebSocket, request: IncomingMessage): Promise<void> {
    const pending: [RawData, boolean][] = [];
    sockets.set(ws, undefined);
    ws.on('message', (data, isBinary) => {
      const session = sockets.get(ws);
      if (session) session.handleFrame(data, isBinary);
      else if (pending.length < 64) pending.push([data, isBinary]);
    });
    ws.on('close', () => {
      sockets.get(ws)?.close();
      sockets.delete(ws);
    });
    ws.on('error', (error) => logger.warn(`socket error: ${error.message}`));
    if (stopping) return rejectNotReady(ws);
    let user: AuthenticatedUser;
    try {
      const credential = extractCredential(request, new URL(request.url ?? '/', 'http://localhost'));
      if (credential.kind === 'none') {
        if (credential.offeredSubprotocols.length > 0) {
          return reject(
            ws,
            'UNSUPPORTED_SUBPROTOCOL',
            `None of the offered subprotocols (${credential.offeredSubprotocols.join(', ')}) carries a token: offer "jwt.<token>".`,
            1003,
            'Unsupported subprotocol',
          );
        }
        throw new AuthFailedError(
          'No credentials: send a token as subprotocol jwt.<token>, Authorization: Bearer, ?token= or ?ticket=.',
        );
      }
      if (credential.kind === 'ticket') {
        const ticket = await ticketStore.redeem(credential.ticketId, Date.now());
        if (!ticket)
          throw new AuthFailedError(
            'Ticket unknown, expired or already used: request a new one from POST /api/websocket/ticket.',
          );
        user = { userId: ticket.userId, email: ticket.email, permissions: ticket.permissions };
      } else {
        user = await verifyAccessToken(credential.token, secretKey);
      }
    } catch (error) {
      if (!(error instanceof AuthFailedError)) logger.error(`authentication crashed: ${(error as Error).message}`);
      return reject(ws, 'AUTH_FAILED', (error as Error).message, 1008, 'Authentication failed');
    }
    if (ws.readyState !== 1) return;
    if (stopping) return rejectNotReady(ws);
    if (runtime.connections.countFor(user.userId) >= resolved.maxConnectionsPerUser) {
      return reject(
        ws,
        'CONNECTION_LIMIT_EXCEEDED',
        `User already has ${resolved.maxConnectionsPerUser} open connections (the limit).`,
        1013,
        'Connection limit exceeded',
      );
    }
    const session = new ChatSession(ws, user, runtime);
    sockets.set(ws, session);
    runtime.counters.connections_accepted++;
    session.welcome();
    for (const [data, isBinary] of pending.splice(0)) session.handleFrame(data, isBinary);
  }

  const heartbeat = setInterval(() => {
    for (const session of sockets.values()) session?.heartbeat();
  }, resolved.heartbeatMs);
  heartbeat.unref();

  await new Promise<void>((resolve, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', rejectListen);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = urlHostFor(resolved.host);
  wsUrl = `ws://${urlHost}:${port}/ws`;
  const httpUrl = `http://${urlHost}:${port}`;
  logger.info(
    `reference backend listening on ${httpUrl} (factory path ${resolved.factoryPath}, agent shape ${resolved.agentShape})`,
  );

  const closeSockets = async (code: number, reason: string): Promise<void> => {
    const closing = [...sockets.keys()].map(
      (ws) =>
        new Promise<void>((resolve) => {
          sockets.get(ws)?.close();
          if (ws.readyState === 3) return resolve();
          const timer = setTimeout(() => {
            ws.terminate();
            resolve();
          }, CLOSE_DEADLINE_MS);
          ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          ws.close(code, reason);
        }),
    );
    await Promise.all(closing);
  };

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      stopping = true;
      clearInterval(heartbeat);
      runtime.factories.lifecycle.shutdown();
      await closeSockets(1001, 'Server shutting down');
      wss.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      logger.info(`reference backend on ${httpUrl} stopped`);
    })());

  return {
    wsUrl,
    httpUrl,
    port,
    host: resolved.host,
    secret,
    metrics: () => runtime.metrics(),
    async reset(options: ReferenceResetOptions = {}): Promise<void> {
      const overrides = resolveReferenceResetOptions(options);
      const defects = overrides.defects === undefined ? undefined : parseDefects(overrides.defects);
      const current = runtime.settings;
      const agentShape = overrides.agentShape ?? current.agentShape;
      assertDefectsFitShape(defects ?? current.defects, agentShape);
      await closeSockets(1012, 'Backend reset');
      runtime.reconfigure({
        factoryPath: overrides.factoryPath ?? current.factoryPath,
        agentShape,
        defects: defects ?? current.defects,
        seed: overrides.seed ?? current.seed,
        latencyMs: overrides.latencyMs ?? current.latencyMs,
      });
      await ticketStore.clear();
    },
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

function urlHostFor(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::') return '[::1]';
  return host.includes(':') ? `[${host}]` : host;
}
