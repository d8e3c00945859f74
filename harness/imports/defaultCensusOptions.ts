import type { ImportCategory } from '../../contracts/ImportCensus.ts';

const FACTORY = 'netra_backend.app.agents.supervisor.execution_engine_factory';

/** The seed's three import paths of the execution engine factory (Phase A §2.2). */
export const DEFAULT_CATEGORIES: readonly ImportCategory[] = [
  {
    name: 'canonical',
    module: FACTORY,
    names: [
      'ExecutionEngineFactory',
      'get_execution_engine_factory',
      'configure_execution_engine_factory',
      'user_execution_engine',
    ],
    description: 'canonical SSOT imports (preferred)',
  },
  {
    name: 'compat',
    module: 'netra_backend.app.core.managers.execution_engine_factory',
    names: [
      'ExecutionEngineFactory',
      'UserExecutionEngineFactory',
      'get_execution_engine_factory',
      'configure_execution_engine_factory',
    ],
    description: 'core/managers compatibility re-export (deprecated)',
  },
  {
    name: 'unified',
    module: 'netra_backend.app.agents.execution_engine_unified_factory',
    names: ['UnifiedExecutionEngineFactory'],
    description: 'UnifiedExecutionEngineFactory wrapper (legacy)',
  },
];

/** Test files by path: test folders, pytest's file names and conftest.py. */
export const DEFAULT_TEST_PATHS: readonly string[] = [
  '**/tests/**',
  '**/test/**',
  '**/test_*.py',
  '**/*_test.py',
  '**/conftest.py',
];

/** Folders that hold no source of the project. */
export const DEFAULT_EXCLUDE: readonly string[] = [
  '**/.git',
  '**/node_modules',
  '**/__pycache__',
  '**/.venv',
  '**/venv',
  '**/.tox',
  '**/site-packages',
  '**/.mypy_cache',
];

/** The seed's critical integration points (§2.3). */
export const DEFAULT_CRITICAL_FILES: readonly string[] = [
  'netra_backend/app/smd.py',
  'netra_backend/app/dependencies.py',
  'netra_backend/app/agents/supervisor/user_execution_engine.py',
];
