import { userTokenClaims, type ClaimValue } from './signUserToken.ts';
import type { TokenTransport } from './UserAuth.ts';

/** The parts of the auth config a message about credentials may name (never a secret or a token). */
export type CredentialsShape =
  | { kind: 'jwt'; issuer?: string; claims?: Readonly<Record<string, ClaimValue>> }
  | { kind: 'ticket'; issuer?: string; claims?: Readonly<Record<string, ClaimValue>>; ticketPath?: string }
  | { kind: 'static' };

const TRANSPORTS: Record<TokenTransport, string> = {
  subprotocol: 'Sec-WebSocket-Protocol "jwt.<token>, jwt-auth"',
  header: 'Authorization: Bearer <token>',
  query: 'the query ?token=<token>',
};

/**
 * What the suite sends to authenticate, for a one-line explanation: transport, claim names and issuer.
 * @example describeCredentials({ kind: 'jwt', issuer: 'netra-auth-service' }, 'subprotocol')
 * // 'HS256 tokens via Sec-WebSocket-Protocol "jwt.<token>, jwt-auth" with claims sub, email, …, jti (issuer netra-auth-service)'
 */
export function describeCredentials(auth: CredentialsShape, transport: TokenTransport): string {
  if (auth.kind === 'static') return `static tokens from auth.tokens via ${TRANSPORTS[transport]}`;
  const claims = userTokenClaims({
    secret: '',
    userId: 'user',
    ...(auth.issuer !== undefined && { issuer: auth.issuer }),
    ...(auth.claims !== undefined && { claims: auth.claims }),
  });
  const signed = `HS256 tokens with claims ${Object.keys(claims).join(', ')} (issuer ${String(claims.iss)})`;
  if (auth.kind === 'ticket')
    return `tickets from POST ${auth.ticketPath ?? '/api/websocket/ticket'} for ${signed}, via the query ?ticket=<ticket>`;
  return `${signed} via ${TRANSPORTS[transport]}`;
}
