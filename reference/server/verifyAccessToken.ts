import { jwtVerify } from 'jose';
import { TOKEN_ISSUER } from '../signTestToken.ts';

export interface AuthenticatedUser {
  readonly userId: string;
  readonly email: string | undefined;
  readonly permissions: readonly string[];
}

export class AuthFailedError extends Error {
  readonly code = 'AUTH_FAILED';
  constructor(message: string) {
    super(message);
    this.name = 'AuthFailedError';
  }
}

/** Verifies an HS256 access token (signature, exp, iss, type) and returns its user, or throws AuthFailedError. */
export async function verifyAccessToken(token: string, secretKey: Uint8Array): Promise<AuthenticatedUser> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, secretKey, {
      algorithms: ['HS256'],
      issuer: TOKEN_ISSUER,
      requiredClaims: ['sub', 'exp', 'iat'],
    }));
  } catch (error) {
    throw new AuthFailedError(
      `Token rejected: ${(error as Error).message}. Sign an HS256 access token with the backend's secret.`,
    );
  }
  if (payload['type'] !== 'access') {
    throw new AuthFailedError(
      `Token rejected: expected claim type "access", received ${JSON.stringify(payload['type'])}.`,
    );
  }
  if (typeof payload.sub !== 'string' || payload.sub === '') {
    throw new AuthFailedError('Token rejected: expected a non-empty string sub (the user id).');
  }
  const permissions = Array.isArray(payload['permissions'])
    ? payload['permissions'].filter((p): p is string => typeof p === 'string')
    : [];
  const email = typeof payload['email'] === 'string' ? payload['email'] : undefined;
  return { userId: payload.sub, email, permissions };
}
