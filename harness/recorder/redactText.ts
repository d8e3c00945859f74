/** A JWT: three base64url segments, the first one a JSON header (`eyJ` = `{"`). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

const SECRET_VALUE =
  /("[A-Za-z0-9_.-]*(?:token|ticket|secret|password|authorization)[A-Za-z0-9_.-]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;
/**
 * One scan telling whether a text may hold anything to redact: the start of a JWT, or one of the key words in any case
 * (written out per letter, as /i folds only ASCII letters here, so it finds exactly what SECRET_VALUE's /i would).
 * Most frames hold neither, and then neither replace runs.
 */
const MAY_HOLD_SECRET =
  /eyJ|[Tt](?:[Oo][Kk][Ee][Nn]|[Ii][Cc][Kk][Ee][Tt])|[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]|[Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz][Aa][Tt][Ii][Oo][Nn]/;

/**
 * Removes credentials from a frame text before it reaches a history file: JWT-looking strings and the string values
 * of JSON keys that name a token, ticket, secret, password or authorization.
 * @example redactText('{"token":"abc","text":"hi"}') // '{"token":"[REDACTED]","text":"hi"}'
 */
export function redactText(text: string): string {
  if (!MAY_HOLD_SECRET.test(text)) return text;
  let out = text;
  if (out.includes('eyJ')) out = out.replace(JWT_PATTERN, '[REDACTED:jwt]');
  out = out.replace(SECRET_VALUE, '$1"[REDACTED]"');
  return out;
}
