import { expect, test } from '../harness/runner/test.ts';

test.use({ expectations: { allowedErrorCodes: ['ENGINE_LIMIT_EXCEEDED'], expectedRejections: 1 } });

test('a third concurrent agent of one user is rejected by the engine limit; the first two complete', async ({ users }) => {
  const [alice] = await users.connect(1);
  const runs = [1, 2, 3].map((n) => alice!.startAgent(`Long analysis number ${n} of my cloud bill [tools:4]`));
  const results = await Promise.all(runs.map((r) => r.completed()));
  expect(results.map((r) => r.status).sort()).toEqual(['completed', 'completed', 'rejected']);
  expect(results.find((r) => r.status === 'rejected')?.rejection?.code).toBe('ENGINE_LIMIT_EXCEEDED');
  // once the first two finished, the limit frees up again
  expect((await alice!.startAgent('One more question [tools:1]').completed()).status).toBe('completed');
});
