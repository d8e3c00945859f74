import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';

export const TOKEN_ISSUER = 'netra-auth-service';

export interface SignTestTokenOptions {
  secret: string;
  /** The `sub` claim. */
  userId: string;
  email?: string;
  permissions?: readonly string[];
  /** Lifetime in seconds from `issuedAt`. Default 3600; negative gives an already-expired token. */
  expiresInSeconds?: number;
  /** Epoch seconds. Default now. */
  issuedAt?: number;
  /** Default "netra-auth-service"; override to build a token the backend rejects. */
  issuer?: string;
  /** Default "access"; override to build a token the backend rejects. */
  type?: string;
  jti?: string;
}

/**
 * Signs an HS256 access token with the claims the backend expects:
 * `{sub, email, permissions, iat, exp, type: "access", iss: "netra-auth-service", jti}`.
 * @example const token = await signTestToken({ secret: backend.secret, userId: 'user-7f3a' });
 */
export async function signTestToken(options: SignTestTokenOptions): Promise<string> {
  const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
  return new SignJWT({
    email: options.email ?? `${options.userId}@example.test`,
    permissions: [...(options.permissions ?? ['chat'])],
    type: options.type ?? 'access',
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.userId)
    .setIssuer(options.issuer ?? TOKEN_ISSUER)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + (options.expiresInSeconds ?? 3600))
    .setJti(options.jti ?? randomUUID())
    .sign(new TextEncoder().encode(options.secret));
}
