import WebSocket from 'ws';
import { signTestToken } from '../../reference/signTestToken.ts';

/**
 * Opens a socket with a signed token (or, with secret undefined, only what the URL carries, e.g. ?ticket=) and
 * resolves the first frame (the welcome), then closes. Test helper.
 */
export async function openWelcome(
  wsUrl: string,
  secret: string | undefined,
  userId = 'user-targets-1',
): Promise<Record<string, unknown>> {
  const socket =
    secret === undefined
      ? new WebSocket(wsUrl)
      : new WebSocket(wsUrl, [`jwt.${await signTestToken({ secret, userId })}`]);
  try {
    return await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no welcome from ${wsUrl} within 5000 ms`)), 5_000);
      socket.once('message', (data) => {
        clearTimeout(timer);
        resolve(JSON.parse(data.toString()) as Record<string, unknown>);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  } finally {
    socket.close();
  }
}
