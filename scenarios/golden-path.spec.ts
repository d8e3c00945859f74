import { GOLDEN_PATH_EVENTS } from '../contracts/index.ts';
import { expect, test } from '../harness/runner/test.ts';

test('golden path for one user: the five events, in order, only for them', async ({ users }) => {
  const [alice] = await users.connect(1);
  const result = await alice!.startAgent('Summarise the Q3 revenue report [tools:1]').completed();
  expect(result.status).toBe('completed');
  expect(result.types[0]).toBe('agent_started');
  expect(result.types.at(-1)).toBe('agent_completed');
  expect(new Set(result.types)).toEqual(new Set(GOLDEN_PATH_EVENTS));
});

test('a follow-up user_message in the same thread starts a new run there', async ({ users }) => {
  const [alice] = await users.connect(1);
  const first = await alice!.startAgent('Draft a travel plan for Lisbon [tools:1]').completed();
  expect(first.threadId).toBeDefined();
  const second = await alice!.userMessage('Now make the plan cheaper [tools:1]', first.threadId!).completed();
  expect(second.status).toBe('completed');
  expect(second.threadId).toBe(first.threadId);
  expect(second.runId).not.toBe(first.runId);
});

test('ping is answered with pong and the heartbeat is acknowledged', async ({ users }) => {
  const [alice] = await users.connect(1);
  expect(await alice!.ping()).toBeLessThan(5000);
});
