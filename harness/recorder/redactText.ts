/** A JWT: three base64url segments, the first one a JSON header (`eyJ` = `{"`). */
export const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;

const SECRET_VALUE =
  /("[A-Za-z0-9_.-]*(?:token|ticket|secret|password|authorization)[A-Za-z0-9_.-]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi;

/** `secret` in any ASCII case: a word alone, which the engine skips through (the other words are found by a letter). */
const SECRET_WORD = /[Ss][Ee][Cc][Rr][Ee][Tt]/;
const ASCII_CASE_BIT = 0x20;
const LOWER_E = 0x65;
const LOWER_Y = 0x79;

/** Whether `word` (lower-case ASCII letters) stands in `text` at `start`, in any ASCII case (as /i folds). */
function holdsFolded(text: string, start: number, word: string): boolean {
  if (start < 0) return false;
  for (let i = 0; i < word.length; i++) {
    // a letter and its other case differ only in this bit; past the end charCodeAt is NaN, which matches nothing
    if ((text.charCodeAt(start + i) | ASCII_CASE_BIT) !== word.charCodeAt(i)) return false;
  }
  return true;
}

/**
 * Whether a text may hold anything to redact: the start of a JWT (`eyJ`), or one of the key words (token, ticket,
 * secret, password, authorization) in any ASCII case, which is what SECRET_VALUE's /i finds. Most frames hold none,
 * and then neither replace runs. Searched for without one regular expression of all the words (which steps through
 * every character): `eyJ` and each rarer letter (k, w, z, either case) by a native search, the words around a letter
 * found compared in place; `secret`, which has no rare letter, by an expression of that word alone.
 * @example mayHoldSecret('{"type":"agent_started"}') // false
 */
export function mayHoldSecret(text: string): boolean {
  return (
    holdsJwtStart(text) ||
    holdsAround(text, 'k', 'token', 2, 'ticket', 3) ||
    holdsAround(text, 'K', 'token', 2, 'ticket', 3) ||
    holdsAround(text, 'w', 'password', 4) ||
    holdsAround(text, 'W', 'password', 4) ||
    holdsAround(text, 'z', 'authorization', 7) ||
    holdsAround(text, 'Z', 'authorization', 7) ||
    SECRET_WORD.test(text)
  );
}

/** Whether `text` holds `eyJ`: searched for by its `J` (text.includes('eyJ') stops at every `e`, the commonest letter). */
function holdsJwtStart(text: string): boolean {
  for (let at = text.indexOf('J', 2); at !== -1; at = text.indexOf('J', at + 1)) {
    if (text.charCodeAt(at - 1) === LOWER_Y && text.charCodeAt(at - 2) === LOWER_E) return true;
  }
  return false;
}

/**
 * Whether `word` (or `other`) stands, in any ASCII case, around a `letter` of `text` that is its `offset`-th (or
 * `otherOffset`-th) letter: one search for the letter serves two words that share it.
 */
function holdsAround(text: string, letter: string, word: string, offset: number, other = '', otherOffset = 0): boolean {
  for (let at = text.indexOf(letter); at !== -1; at = text.indexOf(letter, at + 1)) {
    if (holdsFolded(text, at - offset, word) || (other !== '' && holdsFolded(text, at - otherOffset, other)))
      return true;
  }
  return false;
}

/**
 * Removes credentials from a frame text before it reaches a history file: JWT-looking strings and the string values
 * of JSON keys that name a token, ticket, secret, password or authorization.
 * @example redactText('{"token":"abc","text":"hi"}') // '{"token":"[REDACTED]","text":"hi"}'
 */
export function redactText(text: string): string {
  if (!mayHoldSecret(text)) return text;
  let out = text;
  if (out.includes('eyJ')) out = out.replace(JWT_PATTERN, '[REDACTED:jwt]');
  out = out.replace(SECRET_VALUE, '$1"[REDACTED]"');
  return out;
}
