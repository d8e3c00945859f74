import { randomUUID } from 'node:crypto';
import { SignJWT, type JWTPayload } from 'jose';

export interface TestTokenOptions {
  secret: string;
  sub: string;
  issuer?: string;
  expiresInSeconds?: number;
  claims?: JWTPayload;
}

/** An HS256 token as the real auth service issues it (token_type and type "access", issuer netra-auth-service). */
export async function signToken(options: TestTokenOptions): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const lifetime = options.expiresInSeconds ?? 600;
  return new SignJWT({
    token_type: 'access',
    type: 'access',
    email: `${options.sub}@example.invalid`,
    permissions: ['chat'],
    ...options.claims,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuer(options.issuer ?? 'netra-auth-service')
    .setIssuedAt(lifetime < 0 ? now + lifetime - 60 : now)
    .setExpirationTime(now + lifetime)
    .setJti(randomUUID())
    .sign(new TextEncoder().encode(options.secret));
}
