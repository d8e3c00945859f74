import { describe, expect, it } from 'vitest';
import type { ConnectFailureInfo } from '../../client/classifyConnectError.ts';
import { judgeSuiteStop, type SuiteStopInput } from './judgeSuiteStop.ts';

const refused: ConnectFailureInfo = {
  kind: 'auth_refused',
  received: 'error_message AUTH_FAILED "Authentication failed" then close 1008',
};
const down: ConnectFailureInfo = { kind: 'unreachable', received: 'ECONNREFUSED' };
const base: SuiteStopInput = {
  failures: [refused, refused],
  unclassified: 0,
  welcomedBefore: false,
  scenario: 'golden path',
  wsUrl: 'ws://127.0.0.1:8000/ws',
  credentials:
    'HS256 tokens with claims sub, token_type (issuer netra-auth-service) via Sec-WebSocket-Protocol "jwt.<token>, jwt-auth"',
};

describe('judgeSuiteStop', () => {
  it('stops when every user of the first scenario is refused, with one line: what was sent, what came back, what to check', () => {
    expect(judgeSuiteStop(base)).toEqual({
      code: 'GOLDPATH_AUTH_REFUSED',
      line: 'the backend refused the suite\'s credentials: 2 of 2 users of "golden path" got error_message AUTH_FAILED "Authentication failed" then close 1008; sent HS256 tokens with claims sub, token_type (issuer netra-auth-service) via Sec-WebSocket-Protocol "jwt.<token>, jwt-auth"; check that --secret (auth.secret) is the backend\'s JWT secret, that auth.issuer is the issuer its auth service expects, and which claims it requires (--claim key=value, auth.claims)',
    });
  });

  it('does not stop for refusals once some user of the run was welcomed, nor when a failure is of another kind', () => {
    expect(judgeSuiteStop({ ...base, welcomedBefore: true })).toBeUndefined();
    expect(judgeSuiteStop({ ...base, unclassified: 1 })).toBeUndefined();
    expect(judgeSuiteStop({ ...base, failures: [] })).toBeUndefined();
  });

  it('stops for a dead target at any time, and says whether it died during the run', () => {
    expect(judgeSuiteStop({ ...base, failures: [down] })?.line).toBe(
      'the target is unreachable: ws://127.0.0.1:8000/ws: ECONNREFUSED for 1 of 1 user of "golden path"; start the backend or fix --target (target.wsUrl)',
    );
    expect(judgeSuiteStop({ ...base, failures: [down, down], welcomedBefore: true })).toMatchObject({
      code: 'GOLDPATH_TARGET_DIED',
    });
  });

  it('names an unanswered upgrade while the HTTP side answers', () => {
    const verdict = judgeSuiteStop({
      ...base,
      failures: [{ kind: 'upgrade_unanswered', received: 'no answer to the WebSocket upgrade within 10000 ms' }],
      health: 'GET /health answered 200',
    });
    expect(verdict?.code).toBe('GOLDPATH_UPGRADE_UNANSWERED');
    expect(verdict?.line).toContain(
      'no answer to the WebSocket upgrade within 10000 ms for 1 of 1 user of "golden path", while GET /health answered 200;',
    );
  });

  it('counts the other answers when users got different ones', () => {
    const other: ConnectFailureInfo = { kind: 'auth_refused', received: 'close 1008' };
    expect(judgeSuiteStop({ ...base, failures: [refused, other, other] })?.line).toContain(
      'got close 1008 (and 1 other answer);',
    );
  });
});
