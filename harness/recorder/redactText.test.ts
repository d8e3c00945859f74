import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JWT_PATTERN, mayHoldSecret, redactText } from './redactText.ts';

/** What redactText must give: both replaces over the whole text, with no shortcut. */
function redactEverything(text: string): string {
  return text
    .replace(JWT_PATTERN, '[REDACTED:jwt]')
    .replace(
      /("[A-Za-z0-9_.-]*(?:token|ticket|secret|password|authorization)[A-Za-z0-9_.-]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi,
      '$1"[REDACTED]"',
    );
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl';
/** Pieces that make the shortcut matter: key words in mixed case, quotes, colons, escapes, JWT starts. */
const piece = fc.constantFrom(
  '"',
  ':',
  ' ',
  '\\"',
  '{',
  '}',
  ',',
  'x',
  'eyJ',
  JWT,
  'TOKEN',
  'toKen',
  'Ticket',
  'sEcReT',
  'password',
  'AUTHORIZATION',
  'refresh_token',
  'tok',
  'secre',
  'ſecret',
  '"access_token":"abc"',
  '"Password" : "p\\"w"',
);

/** The one regular expression mayHoldSecret stands for: a JWT start, or a key word in any ASCII case. */
const MAY_HOLD_SECRET =
  /eyJ|[Tt](?:[Oo][Kk][Ee][Nn]|[Ii][Cc][Kk][Ee][Tt])|[Ss][Ee][Cc][Rr][Ee][Tt]|[Pp][Aa][Ss][Ss][Ww][Oo][Rr][Dd]|[Aa][Uu][Tt][Hh][Oo][Rr][Ii][Zz][Aa][Tt][Ii][Oo][Nn]/;
/** Pieces near the words and their letters: cut words, other cases, look-alikes outside ASCII (Kelvin K, long s, dotted I). */
const near = fc.constantFrom(
  'e',
  'y',
  'J',
  'ey',
  'yJ',
  'EYJ',
  'eyj',
  'to',
  'TO',
  'ken',
  'KEN',
  'k',
  'K',
  '\u212A',
  'tic',
  'TiC',
  'ket',
  'se',
  'cret',
  'SECRE',
  '\u017Fecret',
  'pass',
  'PASS',
  'w',
  'W',
  'ord',
  'authori',
  'AUTHORI',
  'z',
  'Z',
  'ation',
  '\u0130',
  'token',
  'Ticket',
  'passWord',
  'authoriZation',
  'sEcReT',
);

describe('redactText', () => {
  it('mayHoldSecret gives the verdict of the one regular expression of all the words, for any text', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(near, fc.string({ maxLength: 3 })), { maxLength: 24 }), (parts) => {
        const text = parts.join('');
        expect(mayHoldSecret(text)).toBe(MAY_HOLD_SECRET.test(text));
      }),
      { numRuns: 5000 },
    );
    // both ways, each word at the start, the middle and the end of a text
    for (const word of ['eyJ', 'tOkEn', 'TICKET', 'Secret', 'passworD', 'Authorization']) {
      for (const text of [word, `x${word}y`, `{"a":"b","${word}`]) expect(mayHoldSecret(text)).toBe(true);
      expect(mayHoldSecret(word.slice(1))).toBe(false);
      expect(mayHoldSecret(word.slice(0, -1))).toBe(false);
    }
  });

  it('gives what both replaces over the whole text give, for any text (its one-scan shortcut loses nothing)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(piece, fc.string({ maxLength: 4 })), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(redactText(text)).toBe(redactEverything(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('redacts a secret value under a key in any case, and leaves a frame without one as it is', () => {
    expect(redactText('{"X-Auth-TOKEN":"abc","n":1}')).toBe('{"X-Auth-TOKEN":"[REDACTED]","n":1}');
    const plain = '{"type":"agent_started","run_id":"r-1","data":{"message":"started"}}';
    expect(redactText(plain)).toBe(plain);
  });
});
