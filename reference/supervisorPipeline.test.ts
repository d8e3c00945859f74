import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { generateRequestId, generateRunId, generateThreadId } from './context/generateIds.ts';
import { UserExecutionContext } from './context/UserExecutionContext.ts';
import { ExecutionEngineFactory } from './agents/supervisor/executionEngineFactory.ts';
import { silentLogger } from './server/ReferenceLogger.ts';
import { startReferenceBackend } from './startReferenceBackend.ts';
import { createClientPool, type Frame } from './testing/connectTestClient.ts';
import { AgentWebSocketBridge } from './websocket/AgentWebSocketBridge.ts';
import { WebSocketConnectionManager } from './websocket/WebSocketConnectionManager.ts';

const pool = createClientPool();
afterEach(() => {
  expect(pool.closeAll()).toEqual([]);
  vi.useRealTimers();
});

const ALICE = 'user-alice-0001';

interface RealFrame {
  name: string;
  expect: 'accept' | 'bug';
  frame: Frame;
}
const REAL = (
  JSON.parse(readFileSync(new URL('../contracts/fixtures/real-frames.json', import.meta.url), 'utf8')) as {
    frames: RealFrame[];
  }
).frames;
const real = (name: string): Frame => {
  const found = REAL.find((f) => f.name.startsWith(name));
  if (!found) throw new Error(`no real frame named ${name}`);
  return found.frame;
};

/** Values whose content is the agent's own (results, arguments): only their presence counts. */
const OPAQUE = new Set(['results', 'result', 'tool_args', 'parameters', 'error_context']);

/** Every key path of a frame, in order, descending into nested objects except opaque values. */
function keyPaths(value: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(value).flatMap(([key, inner]) => {
    const path = `${prefix}${key}`;
    const nested = inner !== null && typeof inner === 'object' && !Array.isArray(inner) && !OPAQUE.has(key);
    return nested ? [path, ...keyPaths(inner as Record<string, unknown>, `${path}.`)] : [path];
  });
}

/** The agent a frame belongs to: its agent_name, its metadata's, else the innermost open agent. */
function agentsOf(run: Frame[]): string[] {
  const open: string[] = [];
  return run.map((frame) => {
    const named = (frame['agent_name'] ??
      (frame['metadata'] as Record<string, unknown> | undefined)?.['agent_name']) as string | undefined;
    const agent = named ?? open.at(-1) ?? '?';
    if (frame.type === 'agent_started') open.push(agent);
    if (frame.type === 'agent_completed' || frame.type === 'agent_error') open.splice(open.lastIndexOf(agent), 1);
    return agent;
  });
}

const spans = (run: Frame[]): string[] => {
  const agents = agentsOf(run);
  return run.map((frame, i) => `${agents[i]}:${frame.type}`);
};

describe('the supervisor pipeline on the wire', () => {
  test('runs the Supervisor, then triage, data and reporting, each from agent_started to agent_completed, under one run_id', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 1, seed: 1 });
    const alice = await pool.connect(backend, { userId: ALICE });
    const run = await alice.runGoldenPath('Why did my bill grow? GPC-00112233aabbccdd [tools:2]');
    const names = [...new Set(agentsOf(run))];
    expect(names[0]).toBe('Supervisor');
    expect(names).toEqual(expect.arrayContaining(['triage', 'data', 'reporting']));
    expect(spans(run).slice(0, 4)).toEqual([
      'Supervisor:agent_started',
      'Supervisor:agent_thinking',
      'triage:agent_started',
      'triage:agent_thinking',
    ]);
    expect(spans(run).at(-1)).toBe('Supervisor:agent_completed');
    expect(spans(run).filter((s) => s.endsWith(':tool_executing'))).toEqual([
      'data:tool_executing',
      'data:tool_executing',
    ]);
    for (const agent of names) {
      const own = spans(run).filter((s) => s.startsWith(`${agent}:`));
      expect(own[0], agent).toBe(`${agent}:agent_started`);
      expect(own, agent).toContain(`${agent}:agent_thinking`);
      expect(own.at(-1), agent).toBe(`${agent}:agent_completed`);
    }
    expect(new Set(run.map((f) => f['run_id'])).size).toBe(1);
    expect(alice.frames.filter((f) => f.type === 'agent_completed')).toHaveLength(names.length);
  });

  test('sends every frame with the field names of the real backend: the Supervisor in the bridge shape, sub-agents in the emitter shape', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const alice = await pool.connect(backend, { userId: ALICE });
    const run = await alice.runGoldenPath('Shape check GPC-0123456789abcdef [tools:1]');
    const agents = agentsOf(run);
    const first = (agent: string, type: string): Frame =>
      run.find((f, i) => agents[i] === agent && f.type === type) as Frame;
    expect(keyPaths(first('Supervisor', 'agent_started'))).toEqual(keyPaths(real('REF bridge agent_started')));
    expect(keyPaths(first('Supervisor', 'agent_thinking'))).toEqual(keyPaths(real('REF bridge agent_thinking')));
    expect(keyPaths(first('Supervisor', 'agent_completed'))).toEqual(keyPaths(real('REF bridge agent_completed')));
    expect(keyPaths(first('triage', 'agent_started'))).toEqual(keyPaths(real('REF emitter agent_started')));
    // The real notify_agent_thinking frame, with the type it was meant to have (515c8cf80 overwrote it).
    expect(keyPaths(first('data', 'agent_thinking'))).toEqual(
      keyPaths(real('REF emitter agent_thinking (notify_agent_thinking')),
    );
    expect(keyPaths(first('data', 'tool_executing'))).toEqual(keyPaths(real('REF emitter tool_executing')));
    expect(keyPaths(first('data', 'tool_completed'))).toEqual(keyPaths(real('REF emitter tool_completed')));
    expect(keyPaths(first('data', 'agent_completed'))).toEqual(keyPaths(real('REF emitter agent_completed')));
  });

  test('sends the real nulls and defaults: no call ids, no thread_id on bridge frames, "Task completed", null execution_time_ms', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const alice = await pool.connect(backend, { userId: ALICE });
    const run = await alice.runGoldenPath('Defaults GPC-1111222233334444 [tools:2]');
    const agents = agentsOf(run);
    for (const tool of run.filter((f) => f.type.startsWith('tool_'))) {
      expect(tool).toMatchObject({ execution_id: null, critical: true });
      expect(tool).not.toHaveProperty('agent_name');
    }
    const bridge = run.filter((_, i) => agents[i] === 'Supervisor');
    for (const frame of bridge) expect(frame).not.toHaveProperty('thread_id');
    expect(bridge.at(-1)?.['data']).toMatchObject({ execution_time_ms: null, status: 'completed' });
    const finals = run.filter((f) => f.type === 'agent_completed' && f['agent_name'] !== 'Supervisor');
    expect(finals.find((f) => f['agent_name'] === 'triage')?.['final_response']).toBe('Task completed');
    expect(finals.find((f) => f['agent_name'] === 'reporting')?.['final_response']).toContain('GPC-1111222233334444');
    for (const frame of run) {
      expect(frame).not.toHaveProperty('event_id');
      expect(new Date(frame['timestamp'] as string).toISOString()).toBe(frame['timestamp']);
    }
    alice.send('{not json');
    const error = await alice.waitFor((f) => f.type === 'error_message', 'error_message');
    expect(error).toMatchObject({ error_code: 'JSON_PARSE_ERROR', recovery_suggestions: null });
  });

  test("quotes the request in the sub-agents' agent_started metadata, reasoning and tool parameters, as real agents echo it", async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const alice = await pool.connect(backend, { userId: ALICE });
    const request = 'Echo check [ref GPC-abcdefabcdefabcd] [tools:1]';
    const run = await alice.runGoldenPath(request);
    const triage = run.find((f) => f.type === 'agent_started' && f['agent_name'] === 'triage');
    expect(triage?.['metadata']).toMatchObject({ context: { user_request: request }, user_id: ALICE });
    expect(
      run.filter((f) => f.type === 'agent_thinking').every((f) => JSON.stringify(f).includes('GPC-abcdefabcdefabcd')),
    ).toBe(true);
    expect(run.find((f) => f.type === 'tool_executing')?.['parameters']).toMatchObject({ query: request });
  });

  test('gives every tool of [tools:N] to the data agent, the same tool twice from five on, and skips data at [tools:0]', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const alice = await pool.connect(backend, { userId: ALICE });
    const five = await alice.runGoldenPath('Five tools please [tools:5]');
    const fiveAgents = agentsOf(five);
    const tools = five.filter((f) => f.type === 'tool_executing');
    expect(tools).toHaveLength(5);
    expect(five.filter((f, i) => f.type.startsWith('tool_') && fiveAgents[i] !== 'data')).toEqual([]);
    expect(new Set(tools.map((f) => f['tool_name'])).size).toBe(4);
    const none = await alice.runGoldenPath('No tools please [tools:0]');
    expect(none.filter((f) => f.type.startsWith('tool_'))).toEqual([]);
    expect(new Set(agentsOf(none))).not.toContain('data');
  });

  test('welcomes, answers ping and beats as the real main mode does, key for key', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0, heartbeatMs: 50 });
    const alice = await pool.connect(backend, { userId: ALICE });
    expect(keyPaths(alice.frames[0] as Frame)).toEqual(keyPaths(real('REF welcome connection_established')));
    alice.send({ type: 'ping', timestamp: 1 });
    expect(keyPaths(await alice.waitFor((f) => f.type === 'pong', 'pong'))).toEqual(keyPaths(real('REF pong')));
    expect(keyPaths(await alice.waitFor((f) => f.type === 'heartbeat', 'heartbeat', 2000))).toEqual(
      keyPaths(real('REF heartbeat')),
    );
  });

  test('keeps the single-agent shape behind agentShape "single"', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0, agentShape: 'single' });
    const alice = await pool.connect(backend, { userId: ALICE });
    const run = await alice.runGoldenPath('One agent GPC-5555666677778888 [tools:1]');
    expect(run.map((f) => f.type)).toEqual([
      'agent_started',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      ...run.slice(4, -1).map((f) => f.type),
      'agent_completed',
    ]);
    expect(new Set(run.map((f) => f['agent_name'])).size).toBe(1);
    expect(backend.metrics().agent_shape).toBe('single');
  });

  test('refuses a defect that needs the pipeline on the single shape, at start and at reset', async () => {
    await expect(
      startReferenceBackend({ agentShape: 'single', defects: ['bridge-addressed-by-run-id'] }),
    ).rejects.toThrow(
      'Defect bridge-addressed-by-run-id needs the supervisor pipeline: use agentShape "pipeline" (the default), or drop it.',
    );
    await using backend = await startReferenceBackend({ latencyMs: 0, defects: ['tool-args-swapped'] });
    await expect(backend.reset({ agentShape: 'single' })).rejects.toThrow(
      /tool-args-swapped needs the supervisor pipeline/,
    );
    await backend.reset({ agentShape: 'single', defects: [] });
    expect(backend.metrics()).toMatchObject({ agent_shape: 'single', defects: [] });
  });
});

describe('the supervisor pipeline when an agent times out', () => {
  function setup() {
    const manager = new WebSocketConnectionManager();
    const received: Frame[] = [];
    manager.add({ id: 'main_alice', userId: ALICE, send: (frame) => received.push(JSON.parse(frame) as Frame) });
    const factory = new ExecutionEngineFactory({
      websocketBridge: new AgentWebSocketBridge(manager, silentLogger),
      latencyMs: 10_000,
      agentTimeoutMs: 25_000,
    });
    const context = UserExecutionContext.create({
      userId: ALICE,
      threadId: generateThreadId('agent'),
      runId: generateRunId('agent'),
      requestId: generateRequestId('agent'),
      agentContext: { user_request: 'slow one [tools:1]' },
    });
    return { factory, received, context };
  }

  test("ends the open sub-agent with the emitter's id-less agent_error, then the Supervisor with the bridge's", async () => {
    vi.useFakeTimers();
    const { factory, received, context } = setup();
    const engine = await factory.createForUser(context);
    const outcome = engine.executeAgent();
    await vi.advanceTimersByTimeAsync(25_000);
    await expect(outcome).resolves.toMatchObject({ status: 'timeout', agentName: 'Supervisor' });
    expect(spans(received)).toEqual([
      'Supervisor:agent_started',
      'Supervisor:agent_thinking',
      'triage:agent_started',
      'triage:agent_error',
      'Supervisor:agent_error',
    ]);
    expect(keyPaths(received[3] as Frame)).toEqual(keyPaths(real('REF emitter agent_error')));
    expect(keyPaths(received[4] as Frame)).toEqual(keyPaths(real('REF bridge agent_error')));
    expect(received[4]).toMatchObject({
      run_id: context.runId,
      data: { error_context: { error_type: 'AGENT_TIMEOUT' } },
    });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(received).toHaveLength(5);
    factory.shutdown();
  });
});
