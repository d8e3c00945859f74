import { expect, test } from '../harness/runner/fixtures/test.ts';
import { waitFor } from '../harness/common/waitFor.ts';
import { activeEngines } from '../harness/runner/fixtures/activeEngines.ts';
import { awaiting } from '../harness/runner/fixtures/awaiting.ts';
import { denialExpectations } from '../harness/runner/fixtures/awaitDenial.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';

test.use({
  requires: ['metrics'],
  // with an engine limit, one request over it is part of the scenario; without one, every run completes
  expectations: async ({ capabilities }, use) =>
    use(
      capabilities.engineLimit === undefined
        ? {}
        : denialExpectations(capabilities, ['engineLimit'], { expectedRejections: 1 }),
    ),
});

test('after runs, rejections and disconnects, active engines go back to zero', async ({
  users,
  target,
  capabilities,
}) => {
  const limit = capabilities.engineLimit;
  const [a, b, c] = await users.connect(3);
  const askers = [...Array.from({ length: (limit ?? 2) + (limit === undefined ? 0 : 1) }, () => a!), b!, c!];
  const runs = askers.map((u, i) => u.startAgent(withTools(capabilities, `Cleanup probe ${i}`, 2)));
  const results = await awaiting('every run to end', Promise.all(runs.map((r) => r.completed())));
  expect(results.filter((r) => r.status === 'rejected')).toHaveLength(limit === undefined ? 0 : 1);
  await users.closeAll();
  const metrics = await waitFor(
    async () => {
      const m = await target.metrics!();
      return activeEngines(m) === 0 ? m : undefined;
    },
    { what: `active_engines_count of ${target.label} not back to 0`, timeoutMs: 5000, intervalMs: 50 },
  );
  expect(activeEngines(metrics)).toBe(0);
});
