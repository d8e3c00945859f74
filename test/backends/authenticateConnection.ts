import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { jwtVerify } from 'jose';
import type { NetraLikeAuthOptions } from './NetraLikeBackendOptions.ts';

export const DEMO_USER_ID = 'demo-user-001';
const TOKEN_PROTOCOL_PREFIXES = ['jwt.', 'jwt-auth.', 'bearer.'];

export interface Credential {
  token: string;
  /** The Sec-WebSocket-Protocol entry the token came from, if any. */
  protocolEntry?: string;
}

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  if (header === undefined) return [];
  return header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/** Token sources in the server's order: subprotocol `jwt.<token>` (or jwt-auth./bearer.), Authorization: Bearer, ?token=. */
export function extractCredential(request: IncomingMessage): Credential | undefined {
  for (const entry of offeredProtocols(request)) {
    const prefix = TOKEN_PROTOCOL_PREFIXES.find((candidate) => entry.startsWith(candidate));
    if (prefix !== undefined && entry.length > prefix.length)
      return { token: entry.slice(prefix.length), protocolEntry: entry };
  }
  const authorization = request.headers.authorization;
  if (authorization !== undefined && /^bearer /i.test(authorization)) return { token: authorization.slice(7).trim() };
  // ?ticket= works only in the isolated mode, never on the main endpoint
  const token = new URL(request.url ?? '/', 'http://127.0.0.1').searchParams.get('token');
  return token !== null && token !== '' ? { token } : undefined;
}

export type AuthResult = { ok: true; userId: string } | { ok: false; reason: string };

/**
 * Validates a connection's credential the way the real auth service does: HS256, exp, issuer, and in production the
 * claim `token_type: "access"`. The relaxed level turns any failure of a present token into a hashed pseudo-user.
 */
export async function authenticateConnection(
  credential: Credential | undefined,
  auth: NetraLikeAuthOptions,
  secret: string,
): Promise<AuthResult> {
  if (auth.demoMode === true) return { ok: true, userId: DEMO_USER_ID };
  if (credential === undefined) return { ok: false, reason: 'No authentication token provided' };
  const verified = await verifyToken(credential.token, auth, secret);
  if (verified.ok || auth.level !== 'relaxed') return verified;
  return { ok: true, userId: `pseudo_${createHash('sha256').update(credential.token).digest('hex').slice(0, 16)}` };
}

async function verifyToken(token: string, auth: NetraLikeAuthOptions, secret: string): Promise<AuthResult> {
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      issuer: auth.issuer ?? 'netra-auth-service',
    });
    if (auth.requireTokenType === true && payload.token_type !== 'access')
      return { ok: false, reason: 'Invalid token type' };
    if (typeof payload.sub !== 'string' || payload.sub === '') return { ok: false, reason: 'Token has no subject' };
    return { ok: true, userId: payload.sub };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
}
