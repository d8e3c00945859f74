import { expect, test } from '../harness/runner/fixtures/test.ts';
import { awaiting } from '../harness/runner/fixtures/awaiting.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';

// A backend that addresses a run's events to the socket that asked would drop the rest of it: this needs a resume.
// The rest of the run must still be under way when the new socket opens: the embedded reference takes 40 ms a step here
// (a real backend's runs take seconds), so a slow reconnect on a loaded machine cannot outlast the whole run.
test.use({ requires: ['resumeOnReconnect'], referenceLatencyMs: 40 });

// The checks follow a run across the user's sockets: the rest of the run on the new socket continues the same run, and
// what the backend sent while the user had no socket (it does not replay) is not held against it; it must still end.
test('a user who reconnects in the middle of a run gets the rest of it on the new socket and carries on', async ({
  users,
  capabilities,
}) => {
  const [alice] = await users.connect(1);
  const run = alice!.startAgent(withTools(capabilities, 'Long report over five data sources', 5));
  await alice!.nextMessage((f) => f.type === 'agent_started', {
    since: 0,
    what: `no agent_started for ${alice!.userId}`,
  });
  await alice!.reconnect();
  const result = await awaiting(
    'the rest of the run on the new socket (capabilities.resumeOnReconnect)',
    run.completed({ timeoutMs: 30_000 }),
  );
  expect(result.status).toBe('completed');
  expect((await alice!.startAgent(withTools(capabilities, 'And a short follow-up', 1)).completed()).status).toBe(
    'completed',
  );
});
