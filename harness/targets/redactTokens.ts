const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\b/g;
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

/**
 * Hides tokens in a log line: JWT-looking strings, bearer credentials, and the given secrets (4+ characters).
 * @example redactTokens('auth eyJhbGciOi.eyJzdWIi.sig-part') // 'auth [redacted-jwt]'
 */
export function redactTokens(line: string, secrets: readonly string[] = []): string {
  let out = line.replace(JWT, '[redacted-jwt]').replace(BEARER, '$1[redacted]');
  for (const secret of secrets) if (secret.length >= 4) out = out.replaceAll(secret, '[redacted-secret]');
  return out;
}
