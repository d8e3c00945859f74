import type { TokenTransport } from './UserAuth.ts';

export interface ConnectionRequest {
  url: string;
  protocols: string[];
  headers: Record<string, string>;
}

/**
 * The subprotocol offer for a token: `jwt.<token>` first (the current server echoes it), then a bare `jwt-auth`
 * (the older server selects only that one).
 */
export function tokenSubprotocols(token: string): string[] {
  return [`jwt.${token}`, 'jwt-auth'];
}

/**
 * Where and how to open a socket for a credential: subprotocols `jwt.<token>` + `jwt-auth`, `Authorization: Bearer`,
 * `?token=`, or `?ticket=`.
 * @example connectionRequest('ws://127.0.0.1:8000/ws', { token }, 'subprotocol').protocols // ['jwt.<token>', 'jwt-auth']
 */
export function connectionRequest(
  wsUrl: string,
  credential: { token?: string; ticket?: string },
  transport: TokenTransport,
): ConnectionRequest {
  const url = new URL(wsUrl);
  const out: ConnectionRequest = { url: '', protocols: [], headers: {} };
  if (credential.ticket !== undefined) {
    url.searchParams.set('ticket', credential.ticket);
  } else if (credential.token !== undefined) {
    if (transport === 'subprotocol') out.protocols.push(...tokenSubprotocols(credential.token));
    else if (transport === 'header') out.headers.authorization = `Bearer ${credential.token}`;
    else url.searchParams.set('token', credential.token);
  }
  out.url = url.href;
  return out;
}
