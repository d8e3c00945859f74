import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

export interface SignUserTokenOptions {
  secret: string;
  /** The `sub` claim: the user id as the backend will know it. */
  userId: string;
  /** Default "netra-auth-service"; a different value forges a token the backend must reject. */
  issuer?: string;
  /** Lifetime in seconds; negative gives an already-expired token. Default 3600. */
  expiresInSeconds?: number;
  /** Default "access". */
  type?: string;
  permissions?: readonly string[];
}

/**
 * Signs an HS256 access token with the claims Netra expects: `{sub, email, permissions, iat, exp, type, iss, jti}`.
 * @example const token = await signUserToken({ secret: target.secret, userId: 'gp-1a2b-u0001' })
 */
export async function signUserToken(options: SignUserTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const lifetime = options.expiresInSeconds ?? 3600;
  return new SignJWT({
    email: `${options.userId}@goldpath.invalid`,
    permissions: [...(options.permissions ?? ['chat'])],
    type: options.type ?? 'access',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuer(options.issuer ?? 'netra-auth-service')
    .setIssuedAt(lifetime < 0 ? now + lifetime - 60 : now)
    .setExpirationTime(now + lifetime)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(options.secret));
}
