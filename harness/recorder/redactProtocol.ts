import { redactText } from './redactText.ts';

const TOKEN_ENTRY = /^(\s*(?:jwt|jwt-auth|bearer)\.).*$/i;

/**
 * Redacts the token of a `Sec-WebSocket-Protocol` value: every `jwt.`, `jwt-auth.` or `bearer.` entry keeps its prefix.
 * @example redactProtocol('jwt.eyJhbGciOi...') // 'jwt.[REDACTED]'
 */
export function redactProtocol(protocol: string): string {
  return protocol
    .split(',')
    .map((entry) => (TOKEN_ENTRY.test(entry) ? entry.replace(TOKEN_ENTRY, '$1[REDACTED]') : redactText(entry)))
    .join(',');
}
