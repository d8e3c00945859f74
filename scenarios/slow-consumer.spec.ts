import { expect, test } from '../harness/runner/fixtures/test.ts';
import { perUserIterations } from '../harness/runner/load/loadProfiles.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';

test('a slow consumer who reads late does not delay the others beyond the SLA', async ({
  users,
  load,
  capabilities,
}) => {
  const [slow] = await users.connect(1);
  slow!.pause();
  const slowRun = slow!.startAgent(withTools(capabilities, 'Export my full history', 3));
  await load.run(perUserIterations({ users: 20, iterations: 2 }), async (user) => {
    expect(
      (await user.startAgent(withTools(capabilities, 'Quick question', 1)).completed({ timeoutMs: 10_000 })).status,
    ).toBe('completed');
  });
  expect(slowRun.done).toBe(false);
  slow!.resume();
  expect((await slowRun.completed()).status).toBe('completed');
});
