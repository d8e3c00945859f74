import { expect, test } from '../harness/runner/fixtures/test.ts';

// how many tools a run calls is the backend's choice unless it honours the `[tools:N]` directive
test.use({ requires: ['toolDirective'] });

test('a run with three tools pairs every tool_executing with its tool_completed', async ({ users }) => {
  const [alice] = await users.connect(1);
  const result = await alice!.startAgent('Compare three vendors on price, support and uptime [tools:3]').completed();
  expect(result.types.filter((t) => t === 'tool_executing')).toHaveLength(3);
  expect(result.types.filter((t) => t === 'tool_completed')).toHaveLength(3);
});

test.describe('a run that needs no tools', () => {
  // without tools, tool_executing / tool_completed are not required
  test.use({ expectations: { requiredEvents: ['agent_started', 'agent_thinking', 'agent_completed'] } });

  test('completes with no tool events', async ({ users }) => {
    const [alice] = await users.connect(1);
    const result = await alice!.startAgent('Say hello in French [tools:0]').completed();
    expect(result.status).toBe('completed');
    expect(result.types).not.toContain('tool_executing');
  });
});
