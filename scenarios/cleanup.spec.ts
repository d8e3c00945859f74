import { expect, test } from '../harness/runner/test.ts';
import { waitFor } from '../harness/common/waitFor.ts';
import { activeEngines } from '../harness/runner/activeEngines.ts';

test.use({ expectations: { allowedErrorCodes: ['ENGINE_LIMIT_EXCEEDED'], expectedRejections: 1 } });

test('after runs, rejections and disconnects, active engines go back to zero', async ({ users, target }) => {
  test.skip(!target.metrics, `${target.label} exposes no factory metrics`);
  const [a, b, c] = await users.connect(3);
  const runs = [a!, a!, a!, b!, c!].map((u, i) => u.startAgent(`Cleanup probe ${i} [tools:2]`));
  const results = await Promise.all(runs.map((r) => r.completed()));
  expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
  await users.closeAll();
  const metrics = await waitFor(async () => {
    const m = await target.metrics!();
    return activeEngines(m) === 0 ? m : undefined;
  }, { what: `active_engines_count of ${target.label} not back to 0`, timeoutMs: 5000, intervalMs: 50 });
  expect(activeEngines(metrics)).toBe(0);
});
