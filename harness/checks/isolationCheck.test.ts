import { describe, expect, it } from 'vitest';
import { checkIsolation } from './isolationCheck.ts';
import {
  buildHistory,
  canary,
  connect,
  eventDraft,
  requestDraft,
  runDrafts,
  type Draft,
  type RunSpec,
} from './testing/historyBuilder.ts';

const alice: RunSpec = { user: 'u-1', runId: 'r-1', canary: canary(1), tools: ['search'] };
const bob: RunSpec = { user: 'u-2', runId: 'r-2', canary: canary(2), shape: 'bridge' };

async function findings(drafts: Draft[]) {
  const { header, records } = buildHistory(drafts);
  return checkIsolation(header, records);
}

const twoUsers = (): Draft[] => [...connect('u-1'), ...connect('u-2'), ...runDrafts(alice), ...runDrafts(bob)];

describe('isolationCheck', () => {
  it('finds nothing when each user sees only their own runs (the welcome names users by 8 characters and "...")', async () => {
    expect(
      await findings([
        ...connect('user-0123456789'),
        ...runDrafts({ ...alice, user: 'user-0123456789' }),
        ...connect('u-2'),
        ...runDrafts(bob),
      ]),
    ).toEqual([]);
  });

  it("reports an event of another user's run on the second user's socket", async () => {
    const drafts = twoUsers();
    const leaked = drafts.find((d) => d.meta?.runId === 'r-1' && d.meta.eventType === 'agent_thinking') as Draft & {
      kind: 'frame';
    };
    drafts.push({ ...leaked, user: 'u-2', conn: 'c-1' });
    const result = await findings(drafts);
    expect(result.map((f) => f.code)).toEqual([
      'isolation.foreign_user_id',
      'isolation.foreign_run_id',
      'isolation.foreign_thread_id',
      'isolation.foreign_canary',
    ]);
    expect(result.map((f) => f.message)).toEqual([
      'foreign user_id in agent_thinking in run r-1 of user u-2 at frame 14: expected user_id u-2, received u-1',
      "foreign run_id r-1 in run r-1 of user u-2 at frame 14 (first at frame 5 on socket c-1 of user u-1): expected only on u-1's sockets, received on u-2's socket c-1",
      "foreign thread_id thread-u-1 in run r-1 of user u-2 at frame 14 (first at frame 5 on socket c-1 of user u-1): expected only on u-1's sockets, received on u-2's socket c-1",
      `foreign canary ${canary(1)} in run r-1 of user u-2 at frame 14 (of the start_agent at frame 4 of user u-1, run r-1): expected only on u-1's sockets, received on u-2's socket c-1`,
    ]);
    expect(result[3]?.related).toEqual({ user: 'u-1', runId: 'r-1', frameIndex: 4 });
  });

  it("reports a canary hidden in the second user's own run even when every id was rewritten", async () => {
    const drafts = twoUsers();
    const bobThinking = drafts.findIndex((d) => d.meta?.runId === 'r-2' && d.meta.eventType === 'agent_thinking');
    drafts[bobThinking] = eventDraft(bob, 'agent_thinking', { reasoning: `Also found an earlier note: ${canary(1)}` });
    const result = await findings(drafts);
    expect(result.map((f) => f.message)).toEqual([
      `foreign canary ${canary(1)} in run r-2 of user u-2 at frame 12 (of the start_agent at frame 4 of user u-1, run r-1): expected only on u-1's sockets, received on u-2's socket c-1`,
    ]);
  });

  it('reports a run quoting the canary of an earlier request of the same user', async () => {
    const second: RunSpec = { ...alice, runId: 'r-9', canary: canary(9) };
    const drafts = [...connect('u-1'), ...runDrafts(alice), ...runDrafts(second)];
    const at = drafts.findIndex((d) => d.meta?.runId === 'r-9' && d.meta.eventType === 'agent_thinking');
    drafts[at] = eventDraft(second, 'agent_thinking', {
      reasoning: `Answering ${canary(9)}, as before for ${canary(1)}`,
    });
    const result = await findings(drafts);
    expect(result.map((f) => [f.code, f.message])).toEqual([
      [
        'isolation.stale_canary',
        `stale canary ${canary(1)} of the start_agent at frame 2 (run r-1) in run r-9 of user u-1 at frame 10: expected only canaries of its own request at frame 8, received one of another request`,
      ],
    ]);
  });

  it('reports an ended run that answers the next request of its user with its old context', async () => {
    const second: RunSpec = { ...alice, runId: 'r-9', canary: canary(9) };
    const replay = runDrafts(alice).slice(1);
    const drafts = [...connect('u-1'), ...runDrafts(alice), requestDraft(second), ...replay];
    const result = await findings(drafts);
    expect(result.map((f) => [f.code, f.message])).toEqual([
      [
        'isolation.stale_canary',
        'stale context: agent_started after the request at frame 8 in run r-1 of user u-1 at frame 9 (the run ended at frame 7 with agent_completed): expected a new run for the request at frame 8, received events of the ended run r-1',
      ],
    ]);
  });

  it('accepts a user whose next request gets a run of its own', async () => {
    const second: RunSpec = { ...alice, runId: 'r-9', canary: canary(9) };
    expect(await findings([...connect('u-1'), ...runDrafts(alice), ...runDrafts(second)])).toEqual([]);
  });

  it('accepts one user on two sockets seeing the same run', async () => {
    const drafts = [...connect('u-1'), ...connect('u-1', 'c-2'), ...runDrafts(alice)];
    const mirror = drafts
      .filter((d) => d.kind === 'frame' && d.dir === 'in' && d.meta?.runId === 'r-1')
      .map((d) => ({ ...d, conn: 'c-2' }));
    expect(await findings([...drafts, ...mirror])).toEqual([]);
  });
});
