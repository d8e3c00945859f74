import { decodeJwt } from 'jose';

const TOKEN_PROTOCOL = /^(?:jwt|jwt-auth|bearer)\.(.+)$/;

/** The `sub` of a JWT, decoded without verifying it. */
export function tokenUser(token: string): string | undefined {
  try {
    const { sub } = decodeJwt(token);
    return typeof sub === 'string' && sub.length > 0 ? sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The user a connection claims to be: the `sub` of the token it offers as subprotocol `jwt.<token>` (also `jwt-auth.`,
 * `bearer.`) or as `?token=`. The token is decoded, not verified: the mock stands in for the backend's own check.
 * @example credentialUser(new URL('ws://localhost/ws'), ['jwt-auth', `jwt.${token}`]) // 'user-7f3a'
 */
export function credentialUser(url: URL, protocols: string | readonly string[] | undefined): string | undefined {
  const offered = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : protocols;
  for (const protocol of offered) {
    const token = TOKEN_PROTOCOL.exec(protocol)?.[1];
    const sub = token === undefined ? undefined : tokenUser(token);
    if (sub !== undefined) return sub;
  }
  const query = url.searchParams.get('token');
  return query === null ? undefined : tokenUser(query);
}
