import { UnifiedExecutionEngineFactory } from '../agents/executionEngineUnifiedFactory.ts';
import {
  configureExecutionEngineFactory,
  type ExecutionEngineFactoryOptions,
  type FactoryMetrics,
  type UserExecutionEngine,
} from '../agents/supervisor/executionEngineFactory.ts';
import { UserExecutionEngineFactory } from '../core/managers/executionEngineFactory.ts';
import type { UserExecutionContext } from '../context/UserExecutionContext.ts';
import type { RunFaults } from '../defects/RunFaults.ts';
import type { FactoryPath } from './ReferenceBackendOptions.ts';

/** What the server's code paths need from a factory, whichever import path they reached it by. */
export interface EngineFactoryPort {
  userExecutionScope<T>(
    context: UserExecutionContext,
    use: (engine: UserExecutionEngine) => Promise<T>,
    faults?: RunFaults,
  ): Promise<T>;
  cleanupUserContext(userId: string): number;
  getFactoryMetrics(): FactoryMetrics;
  shutdown(): void;
  reset(): void;
}

/** The factory each code path of the server uses. */
export interface FactoryPaths {
  readonly startAgent: EngineFactoryPort;
  readonly userMessage: EngineFactoryPort;
  /** Metrics, cleanup and shutdown. */
  readonly lifecycle: EngineFactoryPort;
}

/**
 * Builds the factory through the import path of one migration state. All paths share one underlying factory,
 * so limits and metrics are the same; only the route to it differs.
 * - canonical: agents/supervisor/executionEngineFactory (configureExecutionEngineFactory)
 * - compat: core/managers/executionEngineFactory (UserExecutionEngineFactory re-export)
 * - unified: agents/executionEngineUnifiedFactory (deprecated UnifiedExecutionEngineFactory.configure())
 * - mixed: the pre-migration state: start_agent goes through the unified wrapper, user_message through compat.
 */
export function resolveFactoryPaths(path: FactoryPath, options: ExecutionEngineFactoryOptions): FactoryPaths {
  switch (path) {
    case 'canonical': {
      const factory = configureExecutionEngineFactory(options);
      return { startAgent: factory, userMessage: factory, lifecycle: factory };
    }
    case 'compat': {
      const factory = new UserExecutionEngineFactory(options);
      return { startAgent: factory, userMessage: factory, lifecycle: factory };
    }
    case 'unified': {
      const factory = UnifiedExecutionEngineFactory.configure(options);
      return { startAgent: factory, userMessage: factory, lifecycle: factory };
    }
    case 'mixed': {
      const compat = new UserExecutionEngineFactory(options);
      return { startAgent: new UnifiedExecutionEngineFactory(compat), userMessage: compat, lifecycle: compat };
    }
  }
}
