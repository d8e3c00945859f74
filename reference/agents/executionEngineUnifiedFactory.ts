import type { UserExecutionContext } from '../context/UserExecutionContext.ts';
import { RunFaults } from '../defects/RunFaults.ts';
import {
  ExecutionEngineFactory,
  configureExecutionEngineFactory,
  type ExecutionEngineFactoryOptions,
  type FactoryMetrics,
  type UserExecutionEngine,
} from './supervisor/executionEngineFactory.ts';

let warned = false;

function warnDeprecated(): void {
  if (warned) return;
  warned = true;
  process.emitWarning(
    'UnifiedExecutionEngineFactory is deprecated: import ExecutionEngineFactory from agents/supervisor/executionEngineFactory instead.',
    { type: 'DeprecationWarning', code: 'GOLDPATH_UNIFIED_FACTORY_DEPRECATED' },
  );
}

/**
 * @deprecated The pre-consolidation wrapper: warns once per process and delegates every call to the canonical
 * ExecutionEngineFactory. Use `ExecutionEngineFactory` from `agents/supervisor/executionEngineFactory.ts`.
 */
export class UnifiedExecutionEngineFactory {
  private static configured: UnifiedExecutionEngineFactory | undefined;
  readonly delegate: ExecutionEngineFactory;

  constructor(delegate: ExecutionEngineFactory | ExecutionEngineFactoryOptions = {}) {
    warnDeprecated();
    this.delegate = delegate instanceof ExecutionEngineFactory ? delegate : new ExecutionEngineFactory(delegate);
  }

  /** The legacy class-method configuration: configures the canonical factory and wraps it. */
  static configure(options: ExecutionEngineFactoryOptions = {}): UnifiedExecutionEngineFactory {
    UnifiedExecutionEngineFactory.configured = new UnifiedExecutionEngineFactory(
      configureExecutionEngineFactory(options),
    );
    return UnifiedExecutionEngineFactory.configured;
  }

  static getInstance(): UnifiedExecutionEngineFactory {
    const instance = UnifiedExecutionEngineFactory.configured;
    if (!instance)
      throw new Error(
        'UnifiedExecutionEngineFactory is not configured: call UnifiedExecutionEngineFactory.configure() first.',
      );
    return instance;
  }

  createForUser(context: UserExecutionContext, faults: RunFaults = RunFaults.none): Promise<UserExecutionEngine> {
    this.delegate.recordBackwardsCompatibilityUsage();
    return this.delegate.createForUser(context, faults);
  }

  /** Legacy name of createForUser. */
  createExecutionEngine(
    context: UserExecutionContext,
    faults: RunFaults = RunFaults.none,
  ): Promise<UserExecutionEngine> {
    return this.createForUser(context, faults);
  }

  userExecutionScope<T>(
    context: UserExecutionContext,
    use: (engine: UserExecutionEngine) => Promise<T>,
    faults: RunFaults = RunFaults.none,
  ): Promise<T> {
    this.delegate.recordBackwardsCompatibilityUsage();
    return this.delegate.userExecutionScope(context, use, faults);
  }

  cleanupEngine(engine: UserExecutionEngine): boolean {
    return this.delegate.cleanupEngine(engine);
  }

  cleanupUserContext(userId: string): number {
    return this.delegate.cleanupUserContext(userId);
  }

  shutdown(): void {
    this.delegate.shutdown();
  }

  reset(): void {
    this.delegate.reset();
  }

  getFactoryMetrics(): FactoryMetrics {
    return this.delegate.getFactoryMetrics();
  }
}
