/** A JWT: three base64url segments, the first one a JSON header (`eyJ` = `{"`). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

const SECRET_KEYS = /token|ticket|secret|password|authorization/i;
const SECRET_VALUE =
  /("[A-Za-z0-9_.-]*(?:token|ticket|secret|password|authorization)[A-Za-z0-9_.-]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/**
 * Removes credentials from a frame text before it reaches a history file: JWT-looking strings and the string values
 * of JSON keys that name a token, ticket, secret, password or authorization.
 * @example redactText('{"token":"abc","text":"hi"}') // '{"token":"[REDACTED]","text":"hi"}'
 */
export function redactText(text: string): string {
  let out = text;
  if (out.includes('eyJ')) out = out.replace(JWT_PATTERN, '[REDACTED:jwt]');
  if (SECRET_KEYS.test(out)) out = out.replace(SECRET_VALUE, '$1"[REDACTED]"');
  return out;
}
