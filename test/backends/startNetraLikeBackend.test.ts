import { describe, expect, it } from 'vitest';
import { startNetraLikeBackend } from './startNetraLikeBackend.ts';
import { connectUser, runRequest } from './testing/connectUser.ts';
import { keyPaths } from './testing/keyPaths.ts';
import { realFrame } from './testing/realFrames.ts';

type Frame = Record<string, unknown>;
const REQUEST = 'Summarise last quarter [ref GPC-0123456789abcdef]';

const meta = (frame: Frame): Frame => (frame.metadata ?? {}) as Frame;

describe('pipeline shape', () => {
  it('welcomes with connection_established shaped like the real one, user_id cut to 8 characters and "..."', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'pipeline' });
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const welcome = socket.frames[0]!;
    expect(keyPaths(welcome)).toEqual(keyPaths(realFrame('REF welcome connection_established')));
    expect((welcome.data as Frame).user_id).toBe('gp-ab12-...');
    socket.close();
  });

  it('runs the Supervisor in the bridge shape around sub-agents in the emitter shape, all under one run_id', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'pipeline', stepDelayMs: 0 });
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const frames = await runRequest(socket, REQUEST, 'Supervisor');
    const events = frames.filter((frame) => frame.type !== 'heartbeat');
    const spans = events.map(
      (frame) => `${String(frame.type)}:${String(frame.agent_name ?? meta(frame).agent_name ?? '-')}`,
    );
    expect(spans).toEqual([
      'agent_started:Supervisor',
      'agent_thinking:Supervisor',
      'agent_started:triage',
      'agent_thinking:triage',
      'tool_executing:-',
      'tool_completed:-',
      'agent_completed:triage',
      'agent_started:data',
      'agent_thinking:data',
      'tool_executing:-',
      'tool_completed:-',
      'tool_executing:-',
      'tool_completed:-',
      'agent_completed:data',
      'agent_started:reporting',
      'agent_thinking:reporting',
      'tool_executing:-',
      'tool_completed:-',
      'agent_completed:reporting',
      'agent_completed:Supervisor',
    ]);
    expect(new Set(events.map((frame) => frame.run_id)).size).toBe(1);
    expect(frames.some((frame) => frame.type === 'heartbeat')).toBe(true);
    socket.close();
  });

  it('sends each pipeline frame with the field names of the real frame of the same kind', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'pipeline', stepDelayMs: 0 });
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const frames = await runRequest(socket, REQUEST, 'Supervisor');
    const first = (type: string, agent?: string): Frame =>
      frames.find(
        (frame) =>
          frame.type === type && (agent === undefined || (frame.agent_name ?? meta(frame).agent_name) === agent),
      )!;
    expect(keyPaths(first('agent_started', 'Supervisor'))).toEqual(keyPaths(realFrame('REF bridge agent_started')));
    expect(keyPaths(first('agent_thinking', 'Supervisor'))).toEqual(
      keyPaths(realFrame('REF bridge agent_thinking (as built; sent via emit_agent_event)')),
    );
    expect(keyPaths(first('agent_completed', 'Supervisor'))).toEqual(
      keyPaths(realFrame('REF bridge agent_completed (as built)')),
    );
    expect(keyPaths(first('agent_started', 'triage'))).toEqual(keyPaths(realFrame('REF emitter agent_started')));
    // notify_agent_thinking's frame, with the type it should have had
    expect(keyPaths(first('agent_thinking', 'triage'))).toEqual(
      keyPaths(realFrame('REF emitter agent_thinking (notify_agent_thinking => type overwritten)')),
    );
    expect(keyPaths(first('tool_executing'))).toEqual(keyPaths(realFrame('REF emitter tool_executing')));
    expect(keyPaths(first('tool_completed'))).toEqual(keyPaths(realFrame('REF emitter tool_completed')));
    expect(keyPaths(first('agent_completed', 'triage'))).toEqual(keyPaths(realFrame('REF emitter agent_completed')));
    expect(keyPaths(first('heartbeat'))).toEqual(keyPaths(realFrame('REF heartbeat (main loop recv timeout)')));
    socket.close();
  });

  it('leaves call ids null and agent names off tool events, and completes sub-agents with "Task completed"', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'pipeline', stepDelayMs: 0 });
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const frames = await runRequest(socket, REQUEST, 'Supervisor');
    const tools = frames.filter((frame) => frame.type === 'tool_executing' || frame.type === 'tool_completed');
    expect(tools.every((frame) => frame.execution_id === null && !('agent_name' in frame))).toBe(true);
    const subCompletions = frames.filter(
      (frame) => frame.type === 'agent_completed' && frame.agent_name !== 'Supervisor',
    );
    expect(subCompletions.map((frame) => frame.final_response)).toEqual([
      'Task completed',
      'Task completed',
      'Task completed',
    ]);
    const thinking = frames.filter((frame) => frame.type === 'agent_thinking' && frame.agent_name === undefined);
    expect(thinking.map((frame) => meta(frame).agent_name)).toEqual(['triage', 'data', 'reporting']);
    socket.close();
  });

  it('echoes the request, canary included, into reasoning, tool parameters and metadata.context.user_request', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'pipeline', stepDelayMs: 0 });
    const socket = await connectUser(backend, 'gp-ab12-u0001');
    const frames = await runRequest(socket, REQUEST, 'Supervisor');
    const started = frames.find((frame) => frame.type === 'agent_started' && frame.agent_name === 'triage')!;
    expect((meta(started).context as Frame).user_request).toBe(REQUEST);
    expect(
      String(frames.find((frame) => frame.type === 'agent_thinking' && frame.agent_name === undefined)!.reasoning),
    ).toContain('GPC-0123456789abcdef');
    expect((frames.find((frame) => frame.type === 'tool_executing')!.parameters as Frame).query).toBe(REQUEST);
    socket.close();
  });
});

describe('bridge shape', () => {
  it('runs one agent with the five events in the bridge shape: no thread_id, tool_name at the top level', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'bridge', stepDelayMs: 0 });
    const socket = await connectUser(backend, 'gp-ab12-u0002');
    const frames = await runRequest(socket, REQUEST, 'assistant');
    expect(frames.map((frame) => frame.type)).toEqual([
      'agent_started',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_completed',
    ]);
    expect(frames.some((frame) => 'thread_id' in frame)).toBe(false);
    expect(keyPaths(frames[0]!)).toEqual(keyPaths(realFrame('REF bridge agent_started')));
    expect(keyPaths(frames[1]!)).toEqual(
      keyPaths(realFrame('REF bridge agent_thinking (as built; sent via emit_agent_event)')),
    );
    expect(keyPaths(frames[2]!)).toEqual(keyPaths(realFrame('REF bridge tool_executing')));
    expect(keyPaths(frames[3]!)).toEqual(
      keyPaths(realFrame('REF bridge tool_completed (execution_time_ms default None)')),
    );
    expect(keyPaths(frames[4]!)).toEqual(keyPaths(realFrame('REF bridge agent_completed (as built)')));
    expect((frames[2]!.data as Frame).parameters).toEqual({ query: REQUEST });
    socket.close();
  });
});

describe('messages beside the golden path', () => {
  it("denies another user's thread with the real frame, which has no code", async () => {
    await using backend = await startNetraLikeBackend({ shape: 'pipeline', stepDelayMs: 0 });
    const alice = await connectUser(backend, 'gp-ab12-alice');
    const bob = await connectUser(backend, 'gp-ab12-bob');
    const threadId = (await runRequest(alice, REQUEST, 'Supervisor')).find((frame) => 'thread_id' in frame)!
      .thread_id as string;
    bob.send({ type: 'user_message', payload: { content: 'let me in', references: [], thread_id: threadId } });
    expect(await bob.waitFor((frame) => frame.type === 'error')).toEqual({
      type: 'error',
      message: 'Access denied to thread',
    });
    // the owner may go on in her thread
    expect(
      (await runRequest(alice, REQUEST, 'Supervisor', threadId)).find((frame) => 'thread_id' in frame)!.thread_id,
    ).toBe(threadId);
    alice.close();
    bob.close();
  });

  it('answers invalid JSON with JSON_PARSE_ERROR and recovery_suggestions null, and keeps the socket open', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'bridge' });
    const socket = await connectUser(backend, 'gp-ab12-u0003');
    socket.send('{not json');
    const error = await socket.waitFor((frame) => frame.type === 'error_message');
    expect(keyPaths(error)).toEqual(keyPaths(realFrame('REF error_message JSON_PARSE_ERROR')));
    expect(error).toMatchObject({ error_code: 'JSON_PARSE_ERROR', recovery_suggestions: null });
    socket.send({ type: 'ping', timestamp: Date.now() });
    const pong = await socket.waitFor((frame) => frame.type === 'pong');
    expect(keyPaths(pong)).toEqual(keyPaths(realFrame('REF pong (HeartbeatHandler)')));
    socket.close();
  });

  it('acknowledges an unknown type', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'bridge' });
    const socket = await connectUser(backend, 'gp-ab12-u0004');
    socket.send({ type: 'make_coffee' });
    expect(await socket.waitFor((frame) => frame.type === 'ack')).toEqual({
      type: 'ack',
      received_type: 'make_coffee',
      status: 'acknowledged',
    });
    socket.close();
  });

  it('closes with 1009 on a frame over 8192 bytes, with no error code of its own', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'pipeline' });
    const socket = await connectUser(backend, 'gp-ab12-u0005');
    socket.send({ type: 'start_agent', payload: { user_request: 'x'.repeat(9000) } });
    expect((await socket.closed).code).toBe(1009);
    expect(socket.frames.map((frame) => frame.type)).toEqual(['connection_established']);
  });

  it('serves /health and has no metrics endpoint', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'pipeline' });
    expect((await fetch(`${backend.httpUrl}/health`)).status).toBe(200);
    expect((await fetch(`${backend.httpUrl}/ws/factory/metrics`)).status).toBe(404);
  });

  it('knows no [tools:N] directive: the pipeline is the same with or without one', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'bridge', stepDelayMs: 0 });
    const socket = await connectUser(backend, 'gp-ab12-u0006');
    const frames = await runRequest(socket, 'Plan it [tools:3]', 'assistant');
    expect(frames.filter((frame) => frame.type === 'tool_executing')).toHaveLength(1);
    socket.close();
  });

  it('answers on /api/v1/websocket as on /ws', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'bridge' });
    const socket = await connectUser(
      { ...backend, wsUrl: backend.wsUrl.replace('/ws', '/api/v1/websocket') },
      'gp-ab12-u0007',
    );
    expect(socket.frames[0]!.type).toBe('connection_established');
    socket.close();
  });
});
