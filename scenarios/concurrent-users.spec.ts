import { expect, test } from '../harness/runner/fixtures/test.ts';
import { perUserIterations } from '../harness/runner/load/loadProfiles.ts';
import { userShares } from '../harness/runner/load/userShares.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';

// 50 users × 3 runs by default; `--users 1000` (or GOLDPATH_USERS=1000) scales it without editing this file. Above 500
// users the users are split over the run's workers (one part per worker), so no single process is the bottleneck.
const shares = userShares(50);
for (const [i, users] of shares.parts.entries()) {
  test(`concurrent users each get only their own runs, in order${shares.suffix(i)}`, async ({ load, capabilities }) => {
    const result = await load.run(
      perUserIterations({ users, iterations: 3, thinkTime: { minMs: 0, maxMs: 20 } }),
      async (user, n) => {
        const run = await user
          .startAgent(
            withTools(capabilities, `Question ${n + 1} from ${user.userId}: what changed this week?`, (n % 3) + 1),
          )
          .completed();
        // a plain check, not expect(): Playwright records each expect() as a step of the test and finds a step's
        // parent by walking all steps so far, so thousands of users' expects made a worker quadratic; load.run fails
        // the test with the first of these errors all the same
        if (run.status !== 'completed')
          throw new Error(
            `expected run status completed, received ${run.status} (user ${user.userId}, run ${run.runId})`,
          );
      },
      { unscaled: true },
    );
    expect(result.iterations).toBe(users * 3);
  });
}
