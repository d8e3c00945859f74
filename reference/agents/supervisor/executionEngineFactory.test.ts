import { afterEach, describe, expect, test, vi } from 'vitest';
import { generateRequestId, generateRunId, generateThreadId } from '../../context/generateIds.ts';
import { UserExecutionContext } from '../../context/UserExecutionContext.ts';
import { silentLogger } from '../../server/ReferenceLogger.ts';
import { AgentWebSocketBridge } from '../../websocket/AgentWebSocketBridge.ts';
import type { ClientConnection } from '../../websocket/ClientConnection.ts';
import { WebSocketConnectionManager } from '../../websocket/WebSocketConnectionManager.ts';
import {
  EngineLimitExceededError,
  ExecutionEngineFactory,
  FactoryShutDownError,
  RunIdReusedError,
  configureExecutionEngineFactory,
  getExecutionEngineFactory,
  type ExecutionEngineFactoryOptions,
} from './executionEngineFactory.ts';

const factories: ExecutionEngineFactory[] = [];

afterEach(() => {
  for (const factory of factories.splice(0)) factory.shutdown();
  vi.useRealTimers();
});

function contextFor(
  userId: string,
  request = 'How are my costs trending? [tools:1]',
  runId = generateRunId('agent'),
): UserExecutionContext {
  return UserExecutionContext.create({
    userId,
    threadId: generateThreadId('agent'),
    runId,
    requestId: generateRequestId('agent'),
    agentContext: { user_request: request },
  });
}

function setup(options: ExecutionEngineFactoryOptions = {}) {
  const manager = new WebSocketConnectionManager();
  const frames = new Map<string, string[]>();
  const connect = (userId: string): string[] => {
    const received: string[] = [];
    const connection: ClientConnection = { id: `main_${userId}`, userId, send: (frame) => received.push(frame) };
    manager.add(connection);
    frames.set(userId, received);
    return received;
  };
  const factory = new ExecutionEngineFactory({
    websocketBridge: new AgentWebSocketBridge(manager, silentLogger),
    latencyMs: 0,
    ...options,
  });
  factories.push(factory);
  return { factory, connect, frames };
}

const types = (frames: string[]): string[] => frames.map((frame) => (JSON.parse(frame) as { type: string }).type);

describe('ExecutionEngineFactory', () => {
  test('runs the five golden-path events for the user who asked, and only for them', async () => {
    const { factory, connect } = setup();
    const alice = connect('user-alice-01');
    const bob = connect('user-bob-0001');
    await factory.userExecutionScope(contextFor('user-alice-01'), (engine) => engine.executeAgent());
    expect(types(alice)).toContain('tool_completed');
    expect(types(alice)[0]).toBe('agent_started');
    expect(types(alice).at(-1)).toBe('agent_completed');
    expect(bob).toEqual([]);
  });

  test('rejects the third active engine of a user and counts it in user_limit_rejections', async () => {
    const { factory } = setup();
    await factory.createForUser(contextFor('user-alice-01'));
    await factory.createForUser(contextFor('user-alice-01'));
    await expect(factory.createForUser(contextFor('user-alice-01'))).rejects.toThrow(EngineLimitExceededError);
    await expect(factory.createForUser(contextFor('user-bob-0001'))).resolves.toBeDefined();
    const metrics = factory.getFactoryMetrics();
    expect(metrics.user_limit_rejections).toBe(1);
    expect(metrics.active_engines_count).toBe(3);
  });

  test('explains the engine limit with the user, the count and how to fix it', async () => {
    const { factory } = setup({ maxEnginesPerUser: 1 });
    await factory.createForUser(contextFor('user-alice-01'));
    await expect(factory.createForUser(contextFor('user-alice-01'))).rejects.toThrow(
      'User user-alice-01 already has 1 active execution engines (limit 1). Wait for a run to finish before starting another, or raise maxEnginesPerUser.',
    );
  });

  test('rejects a reused run_id of the same user as an isolation error', async () => {
    const { factory } = setup();
    const runId = generateRunId('agent');
    await factory.createForUser(contextFor('user-alice-01', 'first', runId));
    const error = await factory.createForUser(contextFor('user-alice-01', 'second', runId)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RunIdReusedError);
    expect(error).toMatchObject({ code: 'RUN_ID_REUSED' });
    await expect(factory.createForUser(contextFor('user-bob-0001', 'third', runId))).resolves.toBeDefined();
    expect(factory.getFactoryMetrics().creation_errors).toBe(1);
  });

  test('cleans the engine up when the scope returns and when it throws', async () => {
    const { factory } = setup();
    await factory.userExecutionScope(contextFor('user-alice-01'), async () => 'done');
    await expect(
      factory.userExecutionScope(contextFor('user-alice-01'), async () => {
        throw new Error('agent crashed');
      }),
    ).rejects.toThrow('agent crashed');
    const metrics = factory.getFactoryMetrics();
    expect(metrics.active_engines_count).toBe(0);
    expect(metrics.total_engines_created).toBe(2);
    expect(metrics.total_engines_cleaned).toBe(2);
  });

  test('removes engines idle past the timeout on the cleanup loop, with fake timers', async () => {
    vi.useFakeTimers();
    const { factory } = setup({ engineTimeoutMs: 300_000, cleanupIntervalMs: 60_000 });
    await factory.createForUser(contextFor('user-alice-01'));
    await vi.advanceTimersByTimeAsync(240_000);
    expect(factory.getFactoryMetrics().active_engines_count).toBe(1);
    await vi.advanceTimersByTimeAsync(120_000);
    const metrics = factory.getFactoryMetrics();
    expect(metrics.active_engines_count).toBe(0);
    expect(metrics.timeout_cleanups).toBe(1);
    expect(metrics.total_engines_cleaned).toBe(1);
  });

  test('cleanupUserContext removes every engine of one user and no other', async () => {
    const { factory } = setup();
    await factory.createForUser(contextFor('user-alice-01'));
    await factory.createForUser(contextFor('user-alice-01'));
    await factory.createForUser(contextFor('user-bob-0001'));
    expect(factory.cleanupUserContext('user-alice-01')).toBe(2);
    expect(factory.activeEnginesFor('user-alice-01')).toBe(0);
    expect(factory.activeEnginesFor('user-bob-0001')).toBe(1);
  });

  test('shutdown cleans everything, stops the loop and refuses new engines', async () => {
    const { factory } = setup();
    await factory.createForUser(contextFor('user-alice-01'));
    factory.shutdown();
    const metrics = factory.getFactoryMetrics();
    expect(metrics.active_engines_count).toBe(0);
    expect(metrics.cleanup_task_running).toBe(false);
    await expect(factory.createForUser(contextFor('user-alice-01'))).rejects.toThrow(FactoryShutDownError);
  });

  test('reports exactly the documented metric fields', async () => {
    const { factory } = setup();
    await factory.createForUser(contextFor('user-alice-01'));
    const metrics = factory.getFactoryMetrics();
    expect(Object.keys(metrics)).toEqual([
      'total_engines_created',
      'total_engines_cleaned',
      'active_engines_count',
      'creation_errors',
      'cleanup_errors',
      'timeout_cleanups',
      'user_limit_rejections',
      'ssot_validations_performed',
      'user_isolation_validations',
      'performance_measurements',
      'golden_path_executions',
      'websocket_integrations',
      'backwards_compatibility_usage',
      'factory_uniqueness_checks',
      'max_engines_per_user',
      'engine_timeout_seconds',
      'cleanup_interval',
      'active_engine_keys',
      'cleanup_task_running',
      'timestamp',
    ]);
    expect(metrics).toMatchObject({
      max_engines_per_user: 2,
      engine_timeout_seconds: 300,
      cleanup_interval: 60,
      cleanup_task_running: true,
    });
    expect(metrics.active_engine_keys).toEqual([
      expect.stringMatching(/^user-alice-01_run_agent_\d+_[0-9a-f]{8}_engine_1$/),
    ]);
    expect(new Date(metrics.timestamp).toISOString()).toBe(metrics.timestamp);
  });

  test('runs at most 3 agents at once on one engine', async () => {
    const { factory } = setup({ latencyMs: 5 });
    const engine = await factory.createForUser(contextFor('user-alice-01'));
    await Promise.all(Array.from({ length: 6 }, () => engine.executeAgent()));
    expect(engine.peakConcurrentAgents).toBe(3);
  });

  test('stops an agent after the agent timeout and sends agent_error instead of agent_completed', async () => {
    vi.useFakeTimers();
    const { factory, connect } = setup({ latencyMs: 30_000, agentTimeoutMs: 25_000, agentShape: 'single' });
    const alice = connect('user-alice-01');
    const engine = await factory.createForUser(contextFor('user-alice-01'));
    const outcome = engine.executeAgent();
    await vi.advanceTimersByTimeAsync(25_000);
    await expect(outcome).resolves.toMatchObject({ status: 'timeout' });
    expect(types(alice)).toEqual(['agent_started', 'agent_error']);
    expect(JSON.parse(alice[1] as string)).toMatchObject({ error_type: 'AGENT_TIMEOUT' });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(types(alice)).toEqual(['agent_started', 'agent_error']);
  });

  test('configureExecutionEngineFactory makes the factory getExecutionEngineFactory returns', () => {
    const factory = configureExecutionEngineFactory({ latencyMs: 0 });
    factories.push(factory);
    expect(getExecutionEngineFactory()).toBe(factory);
  });
});
