import type { TokenTransport } from './UserAuth.ts';

export interface ConnectionRequest {
  url: string;
  protocols: string[];
  headers: Record<string, string>;
}

/**
 * Where and how to open a socket for a credential: subprotocol `jwt.<token>`, `Authorization: Bearer`, `?token=`, or `?ticket=`.
 * @example connectionRequest('ws://127.0.0.1:8000/ws', { token }, 'subprotocol').protocols // ['jwt.<token>']
 */
export function connectionRequest(wsUrl: string, credential: { token?: string; ticket?: string }, transport: TokenTransport): ConnectionRequest {
  const url = new URL(wsUrl);
  const out: ConnectionRequest = { url: '', protocols: [], headers: {} };
  if (credential.ticket !== undefined) {
    url.searchParams.set('ticket', credential.ticket);
  } else if (credential.token !== undefined) {
    if (transport === 'subprotocol') out.protocols.push(`jwt.${credential.token}`);
    else if (transport === 'header') out.headers.authorization = `Bearer ${credential.token}`;
    else url.searchParams.set('token', credential.token);
  }
  out.url = url.href;
  return out;
}
