import { expect, test } from '../harness/runner/fixtures/test.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';

test('a burst of users connecting at once are all welcomed and served', async ({ users, load, capabilities }) => {
  const n = load.scale(200);
  const connected = await users.connect(n, { concurrency: n, timeoutMs: 20_000 });
  expect(connected.every((u) => u.connected)).toBe(true);
  const results = await Promise.all(
    connected.map((u) => u.startAgent(withTools(capabilities, 'Status of my last order?', 1)).completed()),
  );
  expect(results.filter((r) => r.status === 'completed')).toHaveLength(n);
});
