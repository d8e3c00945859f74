import { GOLDEN_PATH_EVENTS } from '../contracts/index.ts';
import { expect, test } from '../harness/runner/fixtures/test.ts';
import { withTools } from '../harness/runner/fixtures/withTools.ts';

test('golden path for one user: the five events, in order, only for them', async ({ users, capabilities }) => {
  const [alice] = await users.connect(1);
  const result = await alice!.startAgent(withTools(capabilities, 'Summarise the Q3 revenue report', 1)).completed();
  expect(result.status).toBe('completed');
  expect(result.types[0]).toBe('agent_started');
  expect(result.types.at(-1)).toBe('agent_completed');
  expect(result.types).toContain('agent_thinking');
  // with the directive the run must use a tool; without it any number of tools is right, each paired (the checks see to that)
  if (capabilities.toolDirective) expect(new Set(result.types)).toEqual(new Set(GOLDEN_PATH_EVENTS));
  expect(result.types.filter((t) => t === 'tool_executing')).toHaveLength(
    result.types.filter((t) => t === 'tool_completed').length,
  );
});

test.describe(() => {
  test.use({ requires: ['threadIds'] });

  test('a follow-up user_message in the same thread starts a new run there', async ({ users, capabilities }) => {
    const [alice] = await users.connect(1);
    const first = await alice!.startAgent(withTools(capabilities, 'Draft a travel plan for Lisbon', 1)).completed();
    expect(first.threadId, 'capabilities.threadIds: a thread_id on the events of the first run').toBeDefined();
    const second = await alice!
      .userMessage(withTools(capabilities, 'Now make the plan cheaper', 1), first.threadId!)
      .completed();
    expect(second.status).toBe('completed');
    expect(second.threadId).toBe(first.threadId);
    expect(second.runId).not.toBe(first.runId);
  });
});

test('ping is answered with pong and the heartbeat is acknowledged', async ({ users }) => {
  const [alice] = await users.connect(1);
  expect(await alice!.ping()).toBeLessThan(5000);
});
