import { sleep, systemClock, type Clock, type TimerHandle } from '../../clock/Clock.ts';
import type { UserExecutionContext } from '../../context/UserExecutionContext.ts';
import { RunFaults } from '../../defects/RunFaults.ts';
import { SLOW_FACTORY_DEFAULT_MS } from '../../defects/defectCatalog.ts';
import { silentLogger, type ReferenceLogger } from '../../server/ReferenceLogger.ts';
import type { AgentShape } from '../../server/ReferenceBackendOptions.ts';
import {
  detachedRunEvents,
  unavailableTransport,
  type AgentWebSocketBridge,
  type RunEvents,
} from '../../websocket/AgentWebSocketBridge.ts';
import { SharedReportState } from '../SharedReportState.ts';
import { ToolResultCache } from '../ToolResultCache.ts';
import type { FactoryCounter, FactoryMetrics } from './FactoryMetrics.ts';
import { EngineLimitExceededError, FactoryShutDownError, RunIdReusedError } from './factoryErrors.ts';
import { UserExecutionEngine, type AgentRunOutcome } from './UserExecutionEngine.ts';

export interface ExecutionEngineFactoryOptions {
  /** Where engines stream their events; without it, engines run and their events go nowhere (degraded mode). */
  websocketBridge?: AgentWebSocketBridge | undefined;
  /** Default 2. */
  maxEnginesPerUser?: number | undefined;
  /** An engine idle this long is removed by the cleanup loop. Default 300 000. */
  engineTimeoutMs?: number | undefined;
  /** Default 60 000. */
  cleanupIntervalMs?: number | undefined;
  /** Default 25 000. */
  agentTimeoutMs?: number | undefined;
  /** Default 3. */
  maxConcurrentAgents?: number | undefined;
  /** Seeds the deterministic agent. Default 1. */
  seed?: number | undefined;
  /** Pause between consecutive events of a run. Default 3. */
  latencyMs?: number | undefined;
  clock?: Clock | undefined;
  logger?: ReferenceLogger | undefined;
  toolCache?: ToolResultCache | undefined;
  /** `pipeline` (default): the Supervisor runs sub-agents under one run_id; `single`: one agent per run. */
  agentShape?: AgentShape | undefined;
}

const noBridgeTransport = { sendToUser: () => 0 };

/**
 * The canonical factory: one isolated engine per request, at most `maxEnginesPerUser` active per user,
 * idle engines removed by a cleanup loop.
 * @example
 * const factory = new ExecutionEngineFactory({ websocketBridge });
 * await factory.userExecutionScope(context, (engine) => engine.executeAgent());
 */
export class ExecutionEngineFactory {
  readonly maxEnginesPerUser: number;
  readonly engineTimeoutMs: number;
  readonly cleanupIntervalMs: number;
  private readonly options: ExecutionEngineFactoryOptions;
  private readonly clock: Clock;
  private readonly logger: ReferenceLogger;
  private readonly toolCache: ToolResultCache;
  private readonly sharedState = new SharedReportState();
  private readonly active = new Map<string, UserExecutionEngine>();
  private readonly byUser = new Map<string, Set<UserExecutionEngine>>();
  /** context-reuse: the engine a user's next struck request gets back. */
  private readonly parked = new Map<string, UserExecutionEngine>();
  private counters: Record<FactoryCounter, number> = zeroCounters();
  private cleanupTimer: TimerHandle | undefined;
  private nextEngineId = 0;
  private isShutDown = false;

  constructor(options: ExecutionEngineFactoryOptions = {}) {
    this.options = options;
    this.maxEnginesPerUser = options.maxEnginesPerUser ?? 2;
    this.engineTimeoutMs = options.engineTimeoutMs ?? 300_000;
    this.cleanupIntervalMs = options.cleanupIntervalMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.toolCache = options.toolCache ?? new ToolResultCache();
    this.startCleanupLoop();
  }

  /** Validates, enforces the per-user limit and run_id uniqueness, then creates an engine with its own emitter. */
  async createForUser(context: UserExecutionContext, faults: RunFaults = RunFaults.none): Promise<UserExecutionEngine> {
    if (this.isShutDown) throw new FactoryShutDownError();
    const started = this.clock.now();
    this.counters.ssot_validations_performed++;
    const reusable = faults.has('context-reuse') ? this.parked.get(context.userId) : undefined;
    if (reusable?.isActive) {
      reusable.lastActivityAt = started;
      return reusable;
    }
    const userEngines = this.byUser.get(context.userId);
    this.counters.user_isolation_validations++;
    for (const engine of userEngines ?? []) {
      if (engine.context.runId === context.runId) {
        this.counters.creation_errors++;
        throw new RunIdReusedError(context.userId, context.runId);
      }
    }
    const activeForUser = userEngines?.size ?? 0;
    if (activeForUser >= this.maxEnginesPerUser && !faults.has('limit-bypass')) {
      this.counters.user_limit_rejections++;
      throw new EngineLimitExceededError(context.userId, activeForUser, this.maxEnginesPerUser);
    }
    const engine = this.buildEngine(context, faults);
    this.counters.factory_uniqueness_checks++;
    this.track(engine);
    if (faults.has('context-reuse')) this.parked.set(context.userId, engine);
    if (faults.has('slow-factory'))
      await sleep(this.clock, faults.parameter('slow-factory') ?? SLOW_FACTORY_DEFAULT_MS);
    this.counters.total_engines_created++;
    this.counters.performance_measurements++;
    return engine;
  }

  /** Creates an engine, hands it to `use`, and cleans it up on every exit path. */
  async userExecutionScope<T>(
    context: UserExecutionContext,
    use: (engine: UserExecutionEngine) => Promise<T>,
    faults: RunFaults = RunFaults.none,
  ): Promise<T> {
    const engine = await this.createForUser(context, faults);
    try {
      return await use(engine);
    } finally {
      // engine-leak skips the cleanup; context-reuse keeps the engine for the user's next request.
      if (!faults.has('engine-leak') && !faults.has('context-reuse')) this.cleanupEngine(engine);
    }
  }

  /** Stops and forgets one engine; false if it was already gone. */
  cleanupEngine(engine: UserExecutionEngine): boolean {
    if (!this.active.delete(engine.key)) return false;
    const userEngines = this.byUser.get(engine.context.userId);
    userEngines?.delete(engine);
    if (userEngines?.size === 0) this.byUser.delete(engine.context.userId);
    if (this.parked.get(engine.context.userId) === engine) this.parked.delete(engine.context.userId);
    try {
      engine.cleanup();
      this.counters.total_engines_cleaned++;
    } catch (error) {
      this.counters.cleanup_errors++;
      this.logger.error(`cleanup of engine ${engine.key} failed: ${(error as Error).message}`);
    }
    return true;
  }

  /** Cleans every engine of one user; returns how many were removed. */
  cleanupUserContext(userId: string): number {
    let removed = 0;
    for (const engine of [...(this.byUser.get(userId) ?? [])]) if (this.cleanupEngine(engine)) removed++;
    this.parked.delete(userId);
    return removed;
  }

  /** Stops the cleanup loop and cleans every engine; later createForUser calls throw FactoryShutDownError. */
  shutdown(): void {
    this.isShutDown = true;
    this.stopCleanupLoop();
    for (const engine of [...this.active.values()]) this.cleanupEngine(engine);
    this.parked.clear();
  }

  /** Cleans every engine, zeroes the counters and restarts the loop: a fresh factory with the same settings. */
  reset(): void {
    this.shutdown();
    this.toolCache.clear();
    this.sharedState.clear();
    this.counters = zeroCounters();
    this.isShutDown = false;
    this.startCleanupLoop();
  }

  /** Removes engines idle for longer than engineTimeoutMs; the cleanup loop calls it every cleanupIntervalMs. */
  cleanupExpiredEngines(): number {
    const now = this.clock.now();
    let removed = 0;
    for (const engine of [...this.active.values()]) {
      if (now - engine.lastActivityAt > this.engineTimeoutMs && this.cleanupEngine(engine)) {
        this.counters.timeout_cleanups++;
        removed++;
      }
    }
    return removed;
  }

  /** Counts a call that came in through a deprecated import path. */
  recordBackwardsCompatibilityUsage(): void {
    this.counters.backwards_compatibility_usage++;
  }

  activeEnginesFor(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  getFactoryMetrics(): FactoryMetrics {
    const counters = this.counters;
    return {
      total_engines_created: counters.total_engines_created,
      total_engines_cleaned: counters.total_engines_cleaned,
      active_engines_count: this.active.size,
      creation_errors: counters.creation_errors,
      cleanup_errors: counters.cleanup_errors,
      timeout_cleanups: counters.timeout_cleanups,
      user_limit_rejections: counters.user_limit_rejections,
      ssot_validations_performed: counters.ssot_validations_performed,
      user_isolation_validations: counters.user_isolation_validations,
      performance_measurements: counters.performance_measurements,
      golden_path_executions: counters.golden_path_executions,
      websocket_integrations: counters.websocket_integrations,
      backwards_compatibility_usage: counters.backwards_compatibility_usage,
      factory_uniqueness_checks: counters.factory_uniqueness_checks,
      max_engines_per_user: this.maxEnginesPerUser,
      engine_timeout_seconds: this.engineTimeoutMs / 1000,
      cleanup_interval: this.cleanupIntervalMs / 1000,
      active_engine_keys: [...this.active.keys()],
      cleanup_task_running: this.cleanupTimer !== undefined,
      timestamp: new Date(this.clock.now()).toISOString(),
    };
  }

  private buildEngine(context: UserExecutionContext, faults: RunFaults): UserExecutionEngine {
    const bridge = this.options.websocketBridge;
    const shape = this.options.agentShape ?? 'pipeline';
    let events: RunEvents;
    if (bridge) {
      // emitter-no-manager: the emitters get an object that cannot emit instead of the connection manager.
      events = faults.has('emitter-no-manager')
        ? bridge.createRunEvents(context, faults, shape, unavailableTransport)
        : bridge.createRunEvents(context, faults, shape);
      this.counters.websocket_integrations++;
    } else {
      events = detachedRunEvents(context, faults, shape, noBridgeTransport, this.logger);
    }
    return new UserExecutionEngine({
      engineId: `engine_${++this.nextEngineId}`,
      context,
      events,
      faults,
      seed: this.options.seed ?? 1,
      latencyMs: this.options.latencyMs ?? 3,
      agentTimeoutMs: this.options.agentTimeoutMs ?? 25_000,
      maxConcurrentAgents: this.options.maxConcurrentAgents ?? 3,
      toolCache: this.toolCache,
      sharedState: this.sharedState,
      clock: this.clock,
      onRunFinished: (_engine: UserExecutionEngine, outcome: AgentRunOutcome) => {
        if (outcome.status === 'completed') this.counters.golden_path_executions++;
      },
    });
  }

  private track(engine: UserExecutionEngine): void {
    this.active.set(engine.key, engine);
    let userEngines = this.byUser.get(engine.context.userId);
    if (!userEngines) {
      userEngines = new Set();
      this.byUser.set(engine.context.userId, userEngines);
    }
    userEngines.add(engine);
  }

  private startCleanupLoop(): void {
    if (this.cleanupTimer !== undefined) return;
    this.cleanupTimer = this.clock.setInterval(() => this.cleanupExpiredEngines(), this.cleanupIntervalMs);
    (this.cleanupTimer as { unref?: () => void }).unref?.();
  }

  private stopCleanupLoop(): void {
    if (this.cleanupTimer === undefined) return;
    this.clock.clearInterval(this.cleanupTimer);
    this.cleanupTimer = undefined;
  }
}

function zeroCounters(): Record<FactoryCounter, number> {
  return {
    total_engines_created: 0,
    total_engines_cleaned: 0,
    creation_errors: 0,
    cleanup_errors: 0,
    timeout_cleanups: 0,
    user_limit_rejections: 0,
    ssot_validations_performed: 0,
    user_isolation_validations: 0,
    performance_measurements: 0,
    golden_path_executions: 0,
    websocket_integrations: 0,
    backwards_compatibility_usage: 0,
    factory_uniqueness_checks: 0,
  };
}

let configuredFactory: ExecutionEngineFactory | undefined;

/**
 * The startup configuration function (the seed's `configure_execution_engine_factory`): creates the
 * process's factory and makes it what getExecutionEngineFactory returns.
 */
export function configureExecutionEngineFactory(options: ExecutionEngineFactoryOptions = {}): ExecutionEngineFactory {
  configuredFactory = new ExecutionEngineFactory(options);
  return configuredFactory;
}

/** The factory configured last; throws with a fix when none was configured. */
export function getExecutionEngineFactory(): ExecutionEngineFactory {
  if (!configuredFactory) {
    throw new Error(
      'No execution-engine factory is configured. Call configureExecutionEngineFactory({ websocketBridge }) at startup first.',
    );
  }
  return configuredFactory;
}

export {
  EngineLimitExceededError,
  RunIdReusedError,
  FactoryShutDownError,
  AgentTimeoutError,
} from './factoryErrors.ts';
export type { FactoryMetrics } from './FactoryMetrics.ts';
export { UserExecutionEngine } from './UserExecutionEngine.ts';
export type { AgentRunOutcome, AgentRunStatus } from './UserExecutionEngine.ts';
