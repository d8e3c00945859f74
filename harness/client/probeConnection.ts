import WebSocket from 'ws';
import { connectionRequest } from './connectionRequest.ts';
import { redactUrl } from '../recorder/redactUrl.ts';
import type { SocketRecorder } from './SimulatedUser.ts';
import type { TokenTransport } from './UserAuth.ts';

export interface ProbeResult {
  /** Parsed JSON frames received (unparseable ones as `{ type: '', text }`). */
  frames: Array<Record<string, unknown>>;
  /** How the server closed the socket, when it did within the window. */
  close: { code: number; reason: string } | undefined;
  /** The HTTP status when the upgrade itself was refused. */
  upgradeStatus: number | undefined;
}

/**
 * Opens one socket with an arbitrary credential (or none) and collects what the server does within `windowMs`:
 * frames, and the close code. For auth probes: a bad token must get AUTH_FAILED then close 1008, nothing else.
 * @example const probe = await probeConnection({ wsUrl, token: expiredToken, windowMs: 2000 }); probe.close?.code // 1008
 */
export async function probeConnection(options: {
  wsUrl: string;
  token?: string;
  transport?: TokenTransport;
  /** Extra subprotocols to offer (e.g. none matching, to provoke 1003). */
  protocols?: string[];
  windowMs?: number;
  user?: string;
  conn?: string;
  record?: SocketRecorder;
}): Promise<ProbeResult> {
  const request = connectionRequest(
    options.wsUrl,
    options.token === undefined ? {} : { token: options.token },
    options.transport ?? 'subprotocol',
  );
  const socket = new WebSocket(request.url, [...request.protocols, ...(options.protocols ?? [])], {
    headers: request.headers,
    handshakeTimeout: options.windowMs ?? 3000,
    perMessageDeflate: false,
  });
  const user = options.user ?? 'anonymous';
  const detach = options.record?.(socket, { user, conn: options.conn ?? `${user}#probe`, url: redactUrl(request.url) });
  const result: ProbeResult = { frames: [], close: undefined, upgradeStatus: undefined };
  socket.on('message', (data) => {
    const text = data.toString();
    try {
      result.frames.push(JSON.parse(text) as Record<string, unknown>);
    } catch {
      result.frames.push({ type: '', text });
    }
  });
  socket.on('unexpected-response', (_request, response) => {
    result.upgradeStatus = response.statusCode;
    socket.terminate();
  });
  socket.on('error', () => {});
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.windowMs ?? 3000);
    socket.on('close', (code, reason) => {
      result.close = { code, reason: reason.toString() };
      clearTimeout(timer);
      resolve();
    });
  });
  if (socket.readyState !== WebSocket.CLOSED) socket.terminate();
  detach?.();
  return result;
}
