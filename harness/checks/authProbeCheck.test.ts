import { describe, expect, it } from 'vitest';
import { authProbeCheck } from './authProbeCheck.ts';
import { scanHistory } from './scanHistory.ts';
import { buildHistory, connect, type Draft } from './testing/historyBuilder.ts';

function probe(user: string, sends: string, answer: 'welcome' | 'refusal'): Draft[] {
  const conn = `${user}#probe`;
  const frames: Draft[] =
    answer === 'welcome'
      ? [
          {
            kind: 'frame',
            dir: 'in',
            user,
            conn,
            stamp: 'float',
            payload: {
              type: 'connection_established',
              data: { mode: 'main', user_id: 'pseudo_9...', connection_id: 'main_1' },
            },
          },
        ]
      : [
          {
            kind: 'frame',
            dir: 'in',
            user,
            conn,
            stamp: 'float',
            payload: {
              type: 'error_message',
              error_code: 'AUTH_FAILED',
              error_message: 'Authentication failed',
              details: {},
              recovery_suggestions: null,
            },
          },
          { kind: 'close', user, conn, code: 1008, reason: 'Authentication failed' },
        ];
  return [
    { kind: 'mark', name: 'auth-probe', user, data: { conn, sends } },
    { kind: 'open', user, conn, url: 'ws://127.0.0.1:8000/ws' },
    ...frames,
  ];
}

async function findings(drafts: Draft[]) {
  const { header, records } = buildHistory(drafts);
  return (await scanHistory(header, records, {}, [authProbeCheck])).findings;
}

describe('authProbeCheck', () => {
  it('finds nothing when every probe is refused', async () => {
    expect(
      await findings([
        ...probe('probe-no-token', 'no token', 'refusal'),
        ...probe('probe-expired', 'an expired token', 'refusal'),
      ]),
    ).toEqual([]);
  });

  it('reports one security.auth_bypass per welcomed probe, naming what it sent and as whom it was welcomed', async () => {
    const result = await findings([
      ...probe('probe-no-token', 'no token', 'refusal'),
      ...probe('probe-expired', 'an expired token', 'welcome'),
      ...probe('probe-issuer', 'the wrong issuer', 'welcome'),
    ]);
    expect(result.map((f) => [f.code, f.user])).toEqual([
      ['security.auth_bypass', 'probe-expired'],
      ['security.auth_bypass', 'probe-issuer'],
    ]);
    expect(result[0]!.message).toBe(
      'auth bypass: a connection with an expired token was welcomed as pseudo_9... on socket probe-expired#probe of user probe-expired at frame 6: expected AUTH_FAILED then close 1008, received connection_established for an expired token',
    );
  });

  it("does not take an ordinary user's welcome for a bypass", async () => {
    expect(await findings(connect('gp-1a2b-u0001'))).toEqual([]);
  });
});
