import { expect, test } from '../harness/runner/test.ts';

// The checks key a run by (user, socket, run_id): the part of a run delivered to the new socket is read as a second run
// without agent_started, and the first as never terminated. Until they follow a run across one user's sockets, this
// scenario is a known gap; GOLDPATH_RECONNECT=1 runs it anyway.
test.fixme(process.env.GOLDPATH_RECONNECT !== '1', 'the checks do not yet follow a run across a reconnect');

test('a user who reconnects in the middle of a run gets the rest of it on the new socket and carries on', async ({ users }) => {
  const [alice] = await users.connect(1);
  const run = alice!.startAgent('Long report over five data sources [tools:5]');
  await alice!.nextMessage((f) => f.type === 'agent_started', { since: 0, what: `no agent_started for ${alice!.userId}` });
  await alice!.reconnect();
  const result = await run.completed();
  expect(result.status).toBe('completed');
  expect((await alice!.startAgent('And a short follow-up [tools:1]').completed()).status).toBe('completed');
});
