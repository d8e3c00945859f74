import { expect, test } from '../harness/runner/test.ts';

// The checks follow a run across the user's sockets: the rest of the run on the new socket continues the same run, and
// what the backend sent while the user had no socket (it does not replay) is not held against it; it must still end.
test('a user who reconnects in the middle of a run gets the rest of it on the new socket and carries on', async ({ users }) => {
  const [alice] = await users.connect(1);
  const run = alice!.startAgent('Long report over five data sources [tools:5]');
  await alice!.nextMessage((f) => f.type === 'agent_started', { since: 0, what: `no agent_started for ${alice!.userId}` });
  await alice!.reconnect();
  const result = await run.completed();
  expect(result.status).toBe('completed');
  expect((await alice!.startAgent('And a short follow-up [tools:1]').completed()).status).toBe('completed');
});
