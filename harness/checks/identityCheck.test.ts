import { describe, expect, it } from 'vitest';
import { namesUser } from '../../contracts/index.ts';
import { identityCheck } from './identityCheck.ts';
import { scanHistory } from './scanHistory.ts';
import { buildHistory, canary, connect, runDrafts, type Draft } from './testing/historyBuilder.ts';

/** The socket opening and a welcome naming whoever the backend thinks the user is. */
function welcomedAs(user: string, as: string): Draft[] {
  return [
    { kind: 'open', user, conn: 'c-1', url: 'ws://127.0.0.1:8000/ws' },
    {
      kind: 'frame',
      dir: 'in',
      user,
      conn: 'c-1',
      stamp: 'float',
      payload: { type: 'connection_established', data: { mode: 'main', user_id: as, connection_id: `main_${user}` } },
    },
  ];
}

async function findings(drafts: Draft[]) {
  const { header, records } = buildHistory(drafts);
  return (await scanHistory(header, records, {}, [identityCheck])).findings;
}

describe('identityCheck', () => {
  it('finds nothing when each user is welcomed as itself, in full or by its first 8 characters and "..."', async () => {
    expect(
      await findings([
        ...connect('gp-1a2b-u0001'),
        ...welcomedAs('gp-1a2b-u0002', 'gp-1a2b-u0002'),
        ...runDrafts({ user: 'gp-1a2b-u0002', runId: 'r-1', canary: canary(1) }),
      ]),
    ).toEqual([]);
  });

  it('reports once, at the first welcome, that every user was welcomed as demo-user-001', async () => {
    const users = ['gp-1a2b-u0001', 'gp-1a2b-u0002', 'gp-1a2b-u0003'];
    const result = await findings(users.flatMap((user) => welcomedAs(user, 'demo-use...')));
    expect(result.map((f) => [f.code, f.frameIndex])).toEqual([['isolation.shared_identity', 1]]);
    expect(result[0]!.message).toBe(
      'shared identity: the welcome of user gp-1a2b-u0001 at frame 1 (and those of the 2 other simulated users): expected each user welcomed as itself, received demo-use... for all 3 users. The backend treats every connection as one user (DEMO_MODE=1?), so isolation cannot be checked; the isolation findings that follow from it are counted, not shown',
    );
  });

  it('says nothing of a single user welcomed as someone else, nor of users welcomed as different other ids', async () => {
    expect(await findings(welcomedAs('gp-1a2b-u0001', 'demo-use...'))).toEqual([]);
    expect(
      await findings([...welcomedAs('gp-1a2b-u0001', 'usr_0001'), ...welcomedAs('gp-1a2b-u0002', 'usr_0002')]),
    ).toEqual([]);
  });

  it('leaves auth probes out: a welcomed probe is an auth bypass, not a shared identity', async () => {
    const probe: Draft[] = [
      { kind: 'mark', name: 'auth-probe', user: 'probe-x', data: { conn: 'c-1', sends: 'no token' } },
      ...welcomedAs('probe-x', 'demo-use...'),
    ];
    expect(await findings([...probe, ...welcomedAs('gp-1a2b-u0001', 'demo-use...')])).toEqual([]);
  });

  it('tells a short-form welcome of the same user from one of another', () => {
    expect([
      namesUser('gp-1a2b-...', 'gp-1a2b-u0001'),
      namesUser('demo-use...', 'gp-1a2b-u0001'),
      namesUser('...', 'gp'),
    ]).toEqual([true, false, false]);
  });
});
