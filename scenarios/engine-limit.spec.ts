import { expect, test } from '../harness/runner/fixtures/test.ts';
import { awaiting } from '../harness/runner/fixtures/awaiting.ts';
import { denialExpectations, describeDenial } from '../harness/runner/fixtures/awaitDenial.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';

test.use({
  requires: ['engineLimit'],
  expectations: async ({ capabilities }, use) =>
    use(denialExpectations(capabilities, ['engineLimit'], { expectedRejections: 1 })),
});

// the title names the reference's limit of 2 (selftests select it by title); the scenario follows capabilities.engineLimit
test('a third concurrent agent of one user is rejected by the engine limit; the first two complete', async ({
  users,
  capabilities,
}) => {
  const limit = capabilities.engineLimit!;
  const [alice] = await users.connect(1);
  const runs = Array.from({ length: limit + 1 }, (_, i) =>
    alice!.startAgent(withTools(capabilities, `Long analysis number ${i + 1} of my cloud bill`, 4)),
  );
  const awaited = `${limit} runs and one denial by the engine limit of ${limit}: ${describeDenial(capabilities, 'engineLimit')}`;
  const results = await awaiting(awaited, Promise.all(runs.map((r) => r.completed())));
  const statuses = results.map((r) => r.status);
  expect(
    statuses.filter((s) => s === 'completed'),
    `runs completed of ${limit + 1} sent at once`,
  ).toHaveLength(limit);
  const rejected = results.filter((r) => r.status === 'rejected');
  expect(
    rejected.map((r) => r.status),
    `runs rejected by the engine limit of ${limit}`,
  ).toHaveLength(1);
  const code = capabilities.errorCodes.engineLimit;
  if (code !== undefined) expect(rejected[0]?.rejection?.code).toBe(code);
  // once the others finished, the limit frees up again
  expect((await alice!.startAgent(withTools(capabilities, 'One more question', 1)).completed()).status).toBe(
    'completed',
  );
});
