import WebSocket from 'ws';
import { isWelcome, readString } from '../../contracts/index.ts';
import { withDeadline } from '../common/waitFor.ts';
import { connectionRequest } from './connectionRequest.ts';
import type { TokenTransport } from './UserAuth.ts';

/**
 * Connects once with a token and returns the user id its welcome names (read like every field: top level, `data`, `payload`), then closes.
 * Undefined when the socket closes, fails or sends no welcome with a user id within the deadline.
 * @example await readWelcomeUserId({ wsUrl, token, transport: 'subprotocol', timeoutMs: 5000 }) // 'abcd1234...' or a full id
 */
export async function readWelcomeUserId(options: {
  wsUrl: string;
  token: string;
  transport: TokenTransport;
  timeoutMs: number;
}): Promise<string | undefined> {
  const request = connectionRequest(options.wsUrl, { token: options.token }, options.transport);
  const socket = new WebSocket(request.url, request.protocols, {
    headers: request.headers,
    handshakeTimeout: options.timeoutMs,
    perMessageDeflate: false,
  });
  const named = new Promise<string | undefined>((resolve) => {
    socket.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (frame === null || typeof frame !== 'object' || !isWelcome(frame as Record<string, unknown>)) return;
      resolve(readString(frame as Record<string, unknown>, 'user_id'));
    });
    socket.on('error', () => resolve(undefined));
    socket.on('close', () => resolve(undefined));
  });
  try {
    return await withDeadline(named, { what: 'no welcome', timeoutMs: options.timeoutMs }).catch(() => undefined);
  } finally {
    socket.terminate();
  }
}
