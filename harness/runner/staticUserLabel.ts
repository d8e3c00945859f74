import { decodeJwt } from 'jose';
import { UsageError } from '../common/GoldpathError.ts';

/** The `sub` claim of a JWT (read, not verified), or undefined for a token that is not a JWT or has none. */
export function tokenSubject(token: string): string | undefined {
  try {
    const sub = decodeJwt(token).sub;
    return typeof sub === 'string' && sub !== '' ? sub : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The label of a static-auth user in histories: the id the backend knows, so its events' user_id is this user's own.
 * The token's `sub`, else the id the welcome names in full, else the auth.tokens key; a welcome that names the user
 * only by 8 characters which the key does not start with is a config error (the key must then be the backend's id).
 * @example staticUserLabel('alice', jwtWithSub('user-7f3a')) // 'user-7f3a'
 */
export function staticUserLabel(key: string, token: string, welcomeUserId?: string): string {
  const sub = tokenSubject(token);
  if (sub !== undefined) return sub;
  if (welcomeUserId === undefined) return key;
  if (!welcomeUserId.endsWith('...')) return welcomeUserId;
  const short = welcomeUserId.slice(0, -3);
  if (key.startsWith(short)) return key;
  throw new UsageError(
    'GOLDPATH_STATIC_USER_UNKNOWN',
    `auth.tokens.${key}: the token carries no sub and the welcome names its user only as "${welcomeUserId}", so goldpath cannot tell which user_id is this user's own. Use the backend's user id (it starts with ${short}) as the key in auth.tokens.`,
  );
}
