import { expect, test } from '../harness/runner/test.ts';
import { perUserIterations } from '../harness/runner/loadProfiles.ts';

test('a slow consumer who reads late does not delay the others beyond the SLA', async ({ users, load }) => {
  const [slow] = await users.connect(1);
  slow!.pause();
  const slowRun = slow!.startAgent('Export my full history [tools:3]');
  await load.run(perUserIterations({ users: 20, iterations: 2 }), async (user) => {
    expect((await user.startAgent('Quick question [tools:1]').completed({ timeoutMs: 10_000 })).status).toBe('completed');
  });
  expect(slowRun.done).toBe(false);
  slow!.resume();
  expect((await slowRun.completed()).status).toBe('completed');
});
