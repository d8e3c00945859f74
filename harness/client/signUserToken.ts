import { createHmac, randomUUID } from 'node:crypto';
import type { JWTPayload } from 'jose';

/** A claim value from config or `--claim key=value`. */
export type ClaimValue = string | number | boolean | null | ClaimValue[] | { [key: string]: ClaimValue };

export interface SignUserTokenOptions {
  secret: string;
  /** The `sub` claim: the user id as the backend will know it. */
  userId: string;
  /** Default "netra-auth-service"; a different value forges a token the backend must reject. */
  issuer?: string;
  /** Lifetime in seconds; negative gives an already-expired token. Default 3600. */
  expiresInSeconds?: number;
  /** The value of both `token_type` (what the real auth service checks) and `type`. Default "access". */
  type?: string;
  permissions?: readonly string[];
  /** Added last: replace any claim above (`iss`, `sub`, `exp` included) or add new ones. */
  claims?: Readonly<Record<string, ClaimValue>>;
}

/**
 * The claims of a test token, in the order they are signed:
 * `{sub, email, permissions, token_type, type, iss, iat, exp, jti}` and then `claims`.
 * @example Object.keys(userTokenClaims({ secret, userId: 'gp-1a2b-u0001' })) // the claim names, for messages
 */
export function userTokenClaims(options: SignUserTokenOptions): JWTPayload {
  const now = Math.floor(Date.now() / 1000);
  const lifetime = options.expiresInSeconds ?? 3600;
  const type = options.type ?? 'access';
  return {
    sub: options.userId,
    email: `${options.userId}@goldpath.invalid`,
    permissions: [...(options.permissions ?? ['chat'])],
    token_type: type,
    type,
    iss: options.issuer ?? 'netra-auth-service',
    iat: lifetime < 0 ? now + lifetime - 60 : now,
    exp: now + lifetime,
    jti: randomUUID(),
    ...options.claims,
  };
}

/**
 * Signs an HS256 access token with the claims the Netra auth service requires (`token_type: "access"`, issuer
 * netra-auth-service), plus any configured `claims`.
 * @example const token = await signUserToken({ secret: target.secret, userId: 'gp-1a2b-u0001', claims: { tier: 'pro' } })
 */
export async function signUserToken(options: SignUserTokenOptions): Promise<string> {
  // the compact JWS by hand (what jose's SignJWT gives, byte for byte): node's HMAC signs in microseconds where
  // WebCrypto's took ~0.5 ms a token, which thousands of users connecting at once felt
  const signingInput = `${HS256_HEADER}.${Buffer.from(JSON.stringify(userTokenClaims(options))).toString('base64url')}`;
  const signature = createHmac('sha256', options.secret).update(signingInput).digest('base64url');
  return `${signingInput}.${signature}`;
}

/** The protected header `{"alg":"HS256","typ":"JWT"}`, base64url. */
const HS256_HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
