// @vitest-environment jsdom
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildHistory, canary, connect, runDrafts } from '../checks/testing/historyBuilder.ts';
import { goldenPathHandlers } from './goldenPathHandlers.ts';
import { ChatSocketClient } from './testing/ChatSocketClient.ts';

const history = buildHistory([
  ...connect('gp-jsdm-u0001'),
  ...runDrafts({ user: 'gp-jsdm-u0001', runId: 'run_chat_1_0badc0de', canary: canary(1), tools: ['search'] }),
]);
const mock = await goldenPathHandlers({ url: 'ws://127.0.0.1:9/ws', history, user: 'alice-0001-frontend' });
const server = setupServer(...mock.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());

it("intercepts the jsdom environment's own WebSocket (Node 20, no flag), as a frontend component test has it", async () => {
  expect(typeof window).toBe('object');
  const { client } = await ChatSocketClient.connect('ws://127.0.0.1:9/ws', undefined);
  const run = await client.run(client.startAgent('Which plan is cheaper?'));
  client.close();
  expect(run.types).toEqual(['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed']);
  expect(run.frames.every((f) => f.user_id === 'alice-0001-frontend')).toBe(true);
  expect(mock.errors).toEqual([]);
});
