import { expect, test } from '../harness/runner/test.ts';
import { perUserIterations } from '../harness/runner/loadProfiles.ts';
import { withTools } from '../harness/runner/withTools.ts';

// 50 users × 3 runs by default; `--users 1000` (or GOLDPATH_USERS=1000) scales it without editing this file.
test('concurrent users each get only their own runs, in order', async ({ load, capabilities }) => {
  const result = await load.run(perUserIterations({ users: 50, iterations: 3, thinkTime: { minMs: 0, maxMs: 20 } }), async (user, i) => {
    const run = await user.startAgent(withTools(capabilities, `Question ${i + 1} from ${user.userId}: what changed this week?`, (i % 3) + 1)).completed();
    expect(run.status).toBe('completed');
  });
  expect(result.iterations).toBe(load.scale(50) * 3);
});
