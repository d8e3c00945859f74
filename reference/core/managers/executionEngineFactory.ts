// Compatibility shim of the migration: re-exports the canonical factory under its old import path.
export {
  ExecutionEngineFactory,
  ExecutionEngineFactory as UserExecutionEngineFactory,
  configureExecutionEngineFactory,
  getExecutionEngineFactory,
} from '../../agents/supervisor/executionEngineFactory.ts';
export type { ExecutionEngineFactoryOptions } from '../../agents/supervisor/executionEngineFactory.ts';
