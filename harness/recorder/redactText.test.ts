import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JWT_PATTERN, redactText } from './redactText.ts';

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

describe('redactText', () => {
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
