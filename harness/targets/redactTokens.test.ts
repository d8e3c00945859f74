import { describe, expect, it } from 'vitest';
import { redactTokens } from './redactTokens.ts';

describe('redactTokens', () => {
  it('hides JWT-looking strings and bearer credentials, and nothing else', () => {
    expect(redactTokens('auth ok for eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1LTEifQ.c2lnbmF0dXJl (user u-1)')).toBe(
      'auth ok for [redacted-jwt] (user u-1)',
    );
    expect(redactTokens('Authorization: Bearer abc.def-123456789')).toBe('Authorization: Bearer [redacted]');
    expect(redactTokens("sign with --secret 'process-secret'", ['process-secret'])).toBe(
      "sign with --secret '[redacted-secret]'",
    );
    expect(redactTokens('listening on http://127.0.0.1:8000')).toBe('listening on http://127.0.0.1:8000');
  });
});
