import { describe, expect, it } from 'vitest';
import { startNetraLikeBackend, type NetraBug } from './startNetraLikeBackend.ts';
import { connectUser, runRequest } from './testing/connectUser.ts';
import { keyPaths } from './testing/keyPaths.ts';
import { realFrame } from './testing/realFrames.ts';

type Frame = Record<string, unknown>;

async function pipelineWith(bugs: NetraBug[]) {
  return startNetraLikeBackend({ shape: 'pipeline', stepDelayMs: 0, bugs });
}

const agentOf = (frame: Frame): unknown => frame.agent_name ?? (frame.metadata as Frame | undefined)?.agent_name;

describe('real bugs, one switch each', () => {
  it("handler-socket-overwritten (6dcb0d495): the first user's run goes to the newest socket", async () => {
    await using backend = await pipelineWith(['handler-socket-overwritten']);
    const alice = await connectUser(backend, 'gp-ab12-alice');
    const bob = await connectUser(backend, 'gp-ab12-bob');
    alice.send({ type: 'start_agent', payload: { user_request: 'alice asks' } });
    const leaked = await bob.waitFor((frame) => frame.type === 'agent_completed' && frame.agent_name === 'Supervisor');
    expect(leaked.user_id).toBe('gp-ab12-alice');
    expect(alice.frames.map((frame) => frame.type)).toEqual(['connection_established']);
    alice.close();
    bob.close();
  });

  // the last sub-agent's completion is the last frame such a run sends
  it('events-addressed-by-run-id (0bb1a5d53): no bridge-shape frame arrives, so the Supervisor never starts or ends', async () => {
    await using backend = await pipelineWith(['events-addressed-by-run-id']);
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const frames = await runRequest(socket, 'hello there', 'reporting');
    expect(frames.filter((frame) => agentOf(frame) === 'Supervisor')).toEqual([]);
    expect(frames.filter((frame) => frame.type === 'agent_started').map(agentOf)).toEqual([
      'triage',
      'data',
      'reporting',
    ]);
    socket.close();
  });

  it('context-user-id-is-thread-id (eec6e5ff8): the bridge thinking and completion are never sent', async () => {
    await using backend = await pipelineWith(['context-user-id-is-thread-id']);
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const supervisor = (await runRequest(socket, 'hello there', 'reporting')).filter(
      (frame) => agentOf(frame) === 'Supervisor',
    );
    expect(supervisor.map((frame) => frame.type)).toEqual(['agent_started']);
    socket.close();
  });

  it('thinking-sent-as-reasoning (515c8cf80): agent_thinking arrives as type "reasoning", as the real bug frame', async () => {
    await using backend = await pipelineWith(['thinking-sent-as-reasoning']);
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const frames = await runRequest(socket, 'hello there', 'Supervisor');
    expect(frames.filter((frame) => frame.type === 'agent_thinking')).toEqual([]);
    const reasoning = frames.filter((frame) => frame.type === 'reasoning');
    expect(reasoning).toHaveLength(4);
    expect(keyPaths(reasoning[1]!)).toEqual(
      keyPaths(realFrame('REF emitter agent_thinking (notify_agent_thinking => type overwritten)')),
    );
    socket.close();
  });

  it('tool-completed-without-results (09fd1806d): no results anywhere in tool_completed', async () => {
    await using backend = await pipelineWith(['tool-completed-without-results']);
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const completed = (await runRequest(socket, 'hello there', 'Supervisor')).filter(
      (frame) => frame.type === 'tool_completed',
    );
    expect(completed).toHaveLength(4);
    for (const frame of completed) expect(JSON.stringify(frame)).not.toMatch(/"results?"/);
    socket.close();
  });

  it('tool-name-only-nested (c7cbab6aa): tool_name only under data (bridge) or payload (emitter)', async () => {
    await using backend = await startNetraLikeBackend({
      shape: 'bridge',
      stepDelayMs: 0,
      bugs: ['tool-name-only-nested'],
    });
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const tools = (await runRequest(socket, 'hello there', 'assistant')).filter((frame) =>
      String(frame.type).startsWith('tool_'),
    );
    expect(tools.map((frame) => ['tool_name' in frame, (frame.data as Frame).tool_name])).toEqual([
      [false, 'search_knowledge'],
      [false, 'search_knowledge'],
    ]);
    socket.close();
    await using pipeline = await pipelineWith(['tool-name-only-nested']);
    const other = await connectUser(pipeline, 'gp-ab12-u0002');
    const emitterTool = (await runRequest(other, 'hello there', 'Supervisor')).find(
      (frame) => frame.type === 'tool_executing',
    )!;
    expect(['tool_name' in emitterTool, (emitterTool.payload as Frame).tool_name]).toEqual([false, 'classify_request']);
    other.close();
  });

  it('tool-arguments-swapped (1cf48064e): tool_executing names the agent as its tool, so it pairs with no tool_completed', async () => {
    await using backend = await pipelineWith(['tool-arguments-swapped']);
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const frames = await runRequest(socket, 'hello there', 'Supervisor');
    const pairs = frames
      .filter((frame) => String(frame.type).startsWith('tool_'))
      .map((frame) => `${String(frame.type)}:${String(frame.tool_name)}`);
    expect(pairs.slice(0, 2)).toEqual(['tool_executing:triage', 'tool_completed:classify_request']);
    socket.close();
  });

  it('closes-on-first-message (ad135ed30): the first message closes the socket with 1000 and no answer', async () => {
    await using backend = await pipelineWith(['closes-on-first-message']);
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    socket.send({ type: 'start_agent', payload: { user_request: 'hello there' } });
    expect((await socket.closed).code).toBe(1000);
    expect(socket.frames.map((frame) => frame.type)).toEqual(['connection_established']);
  });

  it("shared-agent-state (82ebb3c77): a run echoes another user's request merged into its own", async () => {
    await using backend = await pipelineWith(['shared-agent-state']);
    const alice = await connectUser(backend, 'gp-ab12-alice');
    const bob = await connectUser(backend, 'gp-ab12-bob');
    await runRequest(alice, 'alice secret [ref GPC-aaaaaaaaaaaaaaaa]', 'Supervisor');
    const bobs = await runRequest(bob, 'bob asks [ref GPC-bbbbbbbbbbbbbbbb]', 'Supervisor');
    expect(JSON.stringify(bobs)).toContain('GPC-aaaaaaaaaaaaaaaa');
    alice.close();
    bob.close();
  });

  it('sends none of these symptoms with no bug switched on', async () => {
    await using backend = await pipelineWith([]);
    const alice = await connectUser(backend, 'gp-ab12-alice');
    const bob = await connectUser(backend, 'gp-ab12-bob');
    await runRequest(alice, 'alice secret [ref GPC-aaaaaaaaaaaaaaaa]', 'Supervisor');
    const bobs = await runRequest(bob, 'bob asks [ref GPC-bbbbbbbbbbbbbbbb]', 'Supervisor');
    expect(JSON.stringify(bobs)).not.toContain('GPC-aaaaaaaaaaaaaaaa');
    expect(bobs.filter((frame) => frame.type === 'agent_thinking')).toHaveLength(4);
    const tools = bobs.filter((frame) => String(frame.type).startsWith('tool_'));
    expect(tools.every((frame) => typeof frame.tool_name === 'string' && frame.tool_name !== 'triage')).toBe(true);
    expect(tools.filter((frame) => frame.type === 'tool_completed').every((frame) => 'results' in frame)).toBe(true);
    expect(bobs.every((frame) => frame.type === 'heartbeat' || frame.user_id === 'gp-ab12-bob')).toBe(true);
    alice.close();
    bob.close();
  });
});
