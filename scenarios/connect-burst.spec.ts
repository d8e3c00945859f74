import { expect, test } from '../harness/runner/test.ts';

test('a burst of users connecting at once are all welcomed and served', async ({ users, load }) => {
  const n = load.scale(200);
  const connected = await users.connect(n, { concurrency: n, timeoutMs: 20_000 });
  expect(connected.every((u) => u.connected)).toBe(true);
  const results = await Promise.all(connected.map((u) => u.startAgent('Status of my last order? [tools:1]').completed()));
  expect(results.filter((r) => r.status === 'completed')).toHaveLength(n);
});
