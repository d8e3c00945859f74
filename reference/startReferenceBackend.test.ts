import { afterEach, describe, expect, test } from 'vitest';
import { startReferenceBackend, type StartedReferenceBackend } from './startReferenceBackend.ts';
import { createClientPool, type Frame, type TestClient } from './testing/connectTestClient.ts';

const pool = createClientPool();
afterEach(() => {
  expect(pool.closeAll()).toEqual([]);
});

const FIVE = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];
const ENVELOPE = [
  'type',
  'event_id',
  'timestamp',
  'critical',
  'user_id',
  'thread_id',
  'run_id',
  'request_id',
  'agent_name',
];
const EMITTER_SHAPE: Record<string, string[]> = {
  agent_started: [...ENVELOPE, 'task_description'],
  agent_thinking: [...ENVELOPE, 'reasoning'],
  tool_executing: [...ENVELOPE, 'tool_name', 'tool_args', 'parameters', 'execution_id'],
  tool_completed: [...ENVELOPE, 'tool_name', 'results', 'execution_time', 'duration', 'execution_id', 'success'],
  agent_completed: [...ENVELOPE, 'status', 'final_response'],
};

/** The connection still works and other users are unaffected: both complete a golden path. */
async function expectCarriesOn(backend: StartedReferenceBackend, client: TestClient): Promise<void> {
  const other = await pool.connect(backend, { userId: `user-other-${Math.random().toString(36).slice(2, 8)}` });
  const [mine, theirs] = await Promise.all([
    client.runGoldenPath('still here? [tools:1]'),
    other.runGoldenPath('me too [tools:1]'),
  ]);
  expect(mine.map((f) => f.type)).toEqual(expect.arrayContaining(FIVE));
  expect(theirs.map((f) => f.type)).toEqual(expect.arrayContaining(FIVE));
}

/** The thread of a run: the emitter frames carry it (the Supervisor's bridge frames do not). */
const threadIdOf = (run: Frame[]): unknown =>
  run.find((frame) => typeof frame['thread_id'] === 'string')?.['thread_id'];

const errorOf = (client: TestClient, code: string): Promise<Frame> =>
  client.waitFor((frame) => frame.type === 'error_message' && frame['error_code'] === code, `error_message ${code}`);

describe('startReferenceBackend on the wire', () => {
  test('welcomes an authenticated user with connection_established as documented', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'abcd1234-efgh-5678' });
    const [welcome] = client.frames;
    expect(welcome).toEqual({
      type: 'connection_established',
      data: {
        mode: 'main',
        user_id: 'abcd1234...',
        connection_id: expect.stringMatching(/^main_[0-9a-f]+$/),
        golden_path_events: FIVE,
        features: expect.objectContaining({ golden_path_integration: true, agent_orchestration: true }),
        timestamp: expect.any(String),
      },
      timestamp: expect.any(Number),
      server_id: null,
      correlation_id: null,
    });
    expect(Math.abs((welcome?.['timestamp'] as number) * 1000 - Date.now())).toBeLessThan(60_000);
  });

  test('streams the five events in order in the single shape, flattened with critical: true and the documented fields', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 1, agentShape: 'single' });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    const request = 'Why did my bill grow? GPC-00112233aabbccdd [tools:2]';
    const run = await client.runGoldenPath(request);
    const types = run.map((frame) => frame.type);
    expect(types[0]).toBe('agent_started');
    expect(types.at(-1)).toBe('agent_completed');
    expect(types.indexOf('agent_thinking')).toBe(1);
    expect(types.filter((t) => t === 'tool_executing')).toHaveLength(2);
    for (const frame of run) {
      expect(Object.keys(frame), frame.type).toEqual(EMITTER_SHAPE[frame.type]);
      expect(frame).toMatchObject({ critical: true, user_id: 'user-alice-0001' });
      expect(new Date(frame['timestamp'] as string).toISOString()).toBe(frame['timestamp']);
      expect(frame['run_id']).toMatch(/^run_agent_\d+_[0-9a-f]{8}$/);
      expect(frame['thread_id']).toMatch(/^thread_agent_\d+_[0-9a-f]{8}$/);
    }
    const executing = run.filter((f) => f.type === 'tool_executing');
    const completed = run.filter((f) => f.type === 'tool_completed');
    expect(completed.map((f) => f['execution_id'])).toEqual(executing.map((f) => f['execution_id']));
    expect(typeof completed[0]?.['duration']).toBe('number');
    expect(JSON.stringify(run.find((f) => f.type === 'agent_thinking'))).toContain('GPC-00112233aabbccdd');
    expect(new Set(run.map((f) => f['event_id'])).size).toBe(run.length);
  });

  test('accepts the flat start_agent form and user_message with content, message or text, nested or flat', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    const done = (text: string): Promise<Frame> =>
      client.waitFor(
        (f) => f.type === 'agent_completed' && String(f['final_response']).includes(text),
        `agent_completed for ${text}`,
      );
    client.send({ type: 'start_agent', user_request: 'flat start', thread_id: null });
    await done('flat start');
    client.send({ type: 'user_message', payload: { content: 'nested content', references: [] } });
    await done('nested content');
    client.send({ type: 'user_message', text: 'flat text' });
    await done('flat text');
    client.send({ type: 'user_message', message: 'flat message' });
    const last = await done('flat message');
    expect(last['run_id']).toMatch(/^run_message_\d+_[0-9a-f]{8}$/);
  });

  test('continues a thread the user owns', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    const first = await client.runGoldenPath('open a thread');
    const threadId = threadIdOf(first);
    client.send({ type: 'user_message', payload: { content: 'follow up', thread_id: threadId } });
    const followUp = await client.waitFor(
      (f) => f.type === 'agent_completed' && String(f['final_response']).includes('follow up'),
      'follow-up',
    );
    expect(followUp['thread_id']).toBe(threadId);
    expect(followUp['run_id']).not.toBe(first[0]?.['run_id']);
  });

  test('answers ping with pong carrying the client timestamp and the user id', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    client.send({ type: 'ping', timestamp: 1234567 });
    const pong = await client.waitFor((f) => f.type === 'pong', 'pong');
    expect(pong).toEqual({
      type: 'pong',
      data: { timestamp: 1234567, user_id: 'user-alice-0001' },
      timestamp: expect.any(Number),
      server_id: null,
      correlation_id: null,
    });
  });

  test('sends heartbeats every heartbeatMs and takes heartbeat_ack without answering', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0, heartbeatMs: 50 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    await client.waitFor((f) => f.type === 'heartbeat', 'heartbeat', 2000);
    const before = client.frames.length;
    client.send({ type: 'heartbeat_ack', timestamp: Date.now() });
    client.send({ type: 'ping' });
    await client.waitFor((f) => f.type === 'pong', 'pong');
    expect(
      client.frames
        .slice(before)
        .filter((f) => f.type !== 'heartbeat')
        .map((f) => f.type),
    ).toEqual(['pong']);
  });

  test('acknowledges an unknown message type', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    client.send({ type: 'typing_indicator', payload: {} });
    expect(await client.waitFor((f) => f.type === 'ack', 'ack')).toEqual({
      type: 'ack',
      received_type: 'typing_indicator',
      status: 'acknowledged',
    });
  });

  test('answers invalid JSON with JSON_PARSE_ERROR in the error envelope and keeps the connection', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    client.send('{"type": "start_agent", ');
    const error = await errorOf(client, 'JSON_PARSE_ERROR');
    expect(Object.keys(error)).toEqual([
      'type',
      'error_code',
      'error_message',
      'details',
      'timestamp',
      'recovery_suggestions',
    ]);
    await expectCarriesOn(backend, client);
  });

  test('answers JSON without a string type, and binary frames, with INVALID_MESSAGE_FORMAT', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    client.send('[1,2,3]');
    await errorOf(client, 'INVALID_MESSAGE_FORMAT');
    client.send(Buffer.from([1, 2, 3]));
    await client.waitFor(
      (f) => f.type === 'error_message',
      'second error',
      5000,
      client.frames.indexOf(client.ofType('error_message')[0] as Frame) + 1,
    );
    expect(client.ofType('error_message').map((f) => f['error_code'])).toEqual([
      'INVALID_MESSAGE_FORMAT',
      'INVALID_MESSAGE_FORMAT',
    ]);
    await expectCarriesOn(backend, client);
  });

  test('answers a frame over 8192 bytes with MESSAGE_TOO_LARGE and keeps the connection', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    client.send({ type: 'start_agent', payload: { user_request: 'x'.repeat(9000) } });
    const error = await errorOf(client, 'MESSAGE_TOO_LARGE');
    expect(error['details']).toEqual({ size_bytes: expect.any(Number), max_bytes: 8192 });
    expect(client.ofType('agent_started')).toEqual([]);
    await expectCarriesOn(backend, client);
  });

  test('closes a frame over 1 MiB with 1009 while other users carry on', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    client.send('x'.repeat(1024 * 1024 + 1));
    expect((await client.waitForClose()).code).toBe(1009);
    const other = await pool.connect(backend, { userId: 'user-bob-00001' });
    expect((await other.runGoldenPath('fine [tools:1]')).map((f) => f.type)).toEqual(expect.arrayContaining(FIVE));
  });

  test('answers start_agent without user_request with MISSING_USER_REQUEST and user_message without text with MISSING_MESSAGE_CONTENT', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    client.send({ type: 'start_agent', payload: { thread_id: null } });
    await errorOf(client, 'MISSING_USER_REQUEST');
    client.send({ type: 'user_message', payload: { content: '   ' } });
    await errorOf(client, 'MISSING_MESSAGE_CONTENT');
    client.send({ type: 'start_agent', payload: { user_request: 'hi', thread_id: 42 } });
    await errorOf(client, 'INVALID_MESSAGE_FORMAT');
    await expectCarriesOn(backend, client);
  });

  test("rejects another user's thread_id with THREAD_ACCESS_DENIED and the owner sees nothing", async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const owner = await pool.connect(backend, { userId: 'user-owner-0001' });
    const intruder = await pool.connect(backend, { userId: 'user-intruder-01' });
    const threadId = threadIdOf(await owner.runGoldenPath('my private thread'));
    const ownerFramesBefore = owner.frames.length;
    intruder.send({
      type: 'user_message',
      payload: { content: 'let me in GPC-aaaaaaaaaaaaaaaa', thread_id: threadId },
    });
    const denied = await errorOf(intruder, 'THREAD_ACCESS_DENIED');
    expect(denied['details']).toEqual({ thread_id: threadId });
    expect(intruder.ofType('agent_started')).toEqual([]);
    await expectCarriesOn(backend, intruder);
    expect(
      owner.frames.slice(ownerFramesBefore).filter((f) => JSON.stringify(f).includes('GPC-aaaaaaaaaaaaaaaa')),
    ).toEqual([]);
  });

  test('rejects a third concurrent run of one user with ENGINE_LIMIT_EXCEEDED and runs the first two', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 20 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    for (const n of [1, 2, 3])
      client.send({ type: 'start_agent', payload: { user_request: `parallel ${n} [tools:1]` } });
    const error = await errorOf(client, 'ENGINE_LIMIT_EXCEEDED');
    expect(error['details']).toMatchObject({ user_id: 'user-alice-0001', active_engines: 2, max_engines_per_user: 2 });
    for (const n of [1, 2])
      await client.waitFor(
        (f) => f.type === 'agent_completed' && String(f['final_response']).includes(`parallel ${n}`),
        `run ${n}`,
      );
    // The run ends, and its engine is released, with the Supervisor's agent_completed, after the report.
    await client.waitFor(
      () => client.frames.filter((f) => f.type === 'agent_completed' && f['agent_name'] === 'Supervisor').length === 2,
      'the end of both runs',
    );
    expect(backend.metrics().factory.user_limit_rejections).toBe(1);
    await expectCarriesOn(backend, client);
  });

  test('answers a placeholder user id with INVALID_USER_CONTEXT naming the rule', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'placeholder' });
    client.send({ type: 'start_agent', payload: { user_request: 'hello' } });
    const error = await errorOf(client, 'INVALID_USER_CONTEXT');
    expect(error['details']).toEqual({ validation_code: 'CONTEXT_ID_PLACEHOLDER', field: 'user_id' });
  });

  test('delivers a run to every open socket of the user and to no one else', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const tab1 = await pool.connect(backend, { userId: 'user-alice-0001' });
    const tab2 = await pool.connect(backend, { userId: 'user-alice-0001', path: '/api/v1/websocket' });
    const bob = await pool.connect(backend, { userId: 'user-bob-00001' });
    const run = await tab1.runGoldenPath('both tabs GPC-1111111111111111');
    await tab2.waitFor((f) => f.type === 'agent_completed', 'agent_completed on the second tab');
    expect(tab2.frames.filter((f) => f['run_id'] === run[0]?.['run_id']).map((f) => f.type)).toEqual(
      run.map((f) => f.type),
    );
    expect(bob.frames.filter((f) => JSON.stringify(f).includes('GPC-1111111111111111'))).toEqual([]);
  });

  test('rejects the 11th connection of a user with CONNECTION_LIMIT_EXCEEDED and close 1013, keeping the other ten', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const tabs = await Promise.all(
      Array.from({ length: 10 }, () => pool.connect(backend, { userId: 'user-alice-0001' })),
    );
    const eleventh = await pool.connect(backend, { userId: 'user-alice-0001', awaitWelcome: false });
    expect(eleventh.frames).toEqual([
      expect.objectContaining({ type: 'error_message', error_code: 'CONNECTION_LIMIT_EXCEEDED' }),
    ]);
    expect((await eleventh.waitForClose()).code).toBe(1013);
    await expectCarriesOn(backend, tabs[9] as TestClient);
    expect(backend.metrics().connections_open).toBeGreaterThanOrEqual(10);
  });
});

describe('startReferenceBackend lifecycle and options', () => {
  test('names an unknown option key', async () => {
    await expect(startReferenceBackend({ latencyMs: 0, factoryPaht: 'compat' } as never)).rejects.toThrow(
      /Unrecognized key: "factoryPaht"/,
    );
  });

  test('names the known defects when a defect is unknown', async () => {
    await expect(startReferenceBackend({ defects: ['shared-emiter'] })).rejects.toThrow(
      /Unknown defect "shared-emiter": expected one of singleton-router, /,
    );
  });

  test('serves health, factory metrics and a JSON 404 over HTTP on the same port', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0, factoryPath: 'compat' });
    const health = await fetch(`${backend.httpUrl}/health`);
    expect(await health.json()).toMatchObject({ status: 'healthy', factory_path: 'compat' });
    const metrics = (await (await fetch(`${backend.httpUrl}/api/factory/metrics`)).json()) as Record<string, unknown>;
    expect(metrics).toMatchObject({
      max_engines_per_user: 2,
      engine_timeout_seconds: 300,
      cleanup_interval: 60,
      active_engines_count: 0,
    });
    const missing = await fetch(`${backend.httpUrl}/api/test/reset`, { method: 'POST' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error_code: 'NOT_FOUND' });
  });

  test('reset closes sockets with 1012, zeroes counters and can switch defects', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    await client.runGoldenPath('before reset');
    await backend.reset({ defects: ['drop-thinking'] });
    expect((await client.waitForClose()).code).toBe(1012);
    expect(backend.metrics()).toMatchObject({
      runs_started: 0,
      defects: ['drop-thinking'],
      factory: { total_engines_created: 0 },
    });
    const again = await pool.connect(backend, { userId: 'user-alice-0001' });
    expect((await again.runGoldenPath('after reset')).map((f) => f.type)).not.toContain('agent_thinking');
  });

  test('refuses bad reset options before touching any socket, and switches factory path and seed', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    await expect(backend.reset({ defect: [] } as never)).rejects.toThrow(/Unrecognized key: "defect"/);
    await expect(backend.reset({ defects: ['nope'] })).rejects.toThrow(/Unknown defect "nope"/);
    expect(client.closed).toBeUndefined();
    await backend.reset({ factoryPath: 'compat', seed: 3 });
    expect(backend.metrics()).toMatchObject({ factory_path: 'compat', seed: 3, defects: [] });
  });

  test('stop closes sockets with 1001 and frees the port', async () => {
    const backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001' });
    await backend.stop();
    expect((await client.waitForClose()).code).toBe(1001);
    await expect(fetch(`${backend.httpUrl}/health`)).rejects.toThrow();
    await backend.stop();
  });
});
