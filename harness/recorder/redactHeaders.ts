import { redactProtocol } from './redactProtocol.ts';
import { redactText } from './redactText.ts';

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-auth-token',
]);

/**
 * Flattens HTTP headers to strings and redacts credentials: authorization and cookie headers entirely,
 * the subprotocol's token, and any JWT elsewhere.
 * @example redactHeaders({ authorization: 'Bearer abc' }) // { authorization: '[REDACTED]' }
 */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    const lower = name.toLowerCase();
    if (SECRET_HEADERS.has(lower)) out[name] = '[REDACTED]';
    else if (lower === 'sec-websocket-protocol') out[name] = redactProtocol(text);
    else out[name] = redactText(text);
  }
  return out;
}
