import type { IncomingMessage } from 'node:http';

export const TOKEN_SUBPROTOCOL_PREFIXES = ['jwt.', 'jwt-auth.', 'bearer.'] as const;

/** What the client presented, from the first source that has anything, in the documented order. */
export type Credential =
  | { readonly kind: 'token'; readonly source: 'subprotocol' | 'authorization' | 'query'; readonly token: string }
  | { readonly kind: 'ticket'; readonly ticketId: string }
  | { readonly kind: 'none'; readonly offeredSubprotocols: readonly string[] };

/** The subprotocol entry that carries a token (the server echoes exactly this entry back). */
export function selectTokenSubprotocol(protocols: Iterable<string>): string | undefined {
  for (const protocol of protocols) {
    if (TOKEN_SUBPROTOCOL_PREFIXES.some((prefix) => protocol.startsWith(prefix) && protocol.length > prefix.length)) {
      return protocol;
    }
  }
  return undefined;
}

export function offeredSubprotocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Subprotocol `jwt.<token>` (or jwt-auth./bearer.), then `Authorization: Bearer`, then `?token=`, then `?ticket=`. */
export function extractCredential(request: IncomingMessage, url: URL): Credential {
  const protocols = offeredSubprotocols(request);
  const entry = selectTokenSubprotocol(protocols);
  if (entry !== undefined) {
    return { kind: 'token', source: 'subprotocol', token: entry.slice(entry.indexOf('.') + 1) };
  }
  const authorization = request.headers.authorization;
  const bearer = authorization === undefined ? undefined : /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1];
  if (bearer !== undefined) return { kind: 'token', source: 'authorization', token: bearer };
  const token = url.searchParams.get('token');
  if (token) return { kind: 'token', source: 'query', token };
  const ticketId = url.searchParams.get('ticket');
  if (ticketId) return { kind: 'ticket', ticketId };
  return { kind: 'none', offeredSubprotocols: protocols };
}
