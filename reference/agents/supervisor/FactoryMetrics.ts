/** `get_factory_metrics()` of the factory under test, field for field. */
export interface FactoryMetrics {
  total_engines_created: number;
  total_engines_cleaned: number;
  active_engines_count: number;
  creation_errors: number;
  cleanup_errors: number;
  timeout_cleanups: number;
  user_limit_rejections: number;
  ssot_validations_performed: number;
  user_isolation_validations: number;
  performance_measurements: number;
  golden_path_executions: number;
  websocket_integrations: number;
  backwards_compatibility_usage: number;
  factory_uniqueness_checks: number;
  max_engines_per_user: number;
  engine_timeout_seconds: number;
  cleanup_interval: number;
  active_engine_keys: string[];
  cleanup_task_running: boolean;
  timestamp: string;
}

export type FactoryCounter = Exclude<
  keyof FactoryMetrics,
  | 'max_engines_per_user'
  | 'engine_timeout_seconds'
  | 'cleanup_interval'
  | 'active_engine_keys'
  | 'cleanup_task_running'
  | 'timestamp'
  | 'active_engines_count'
>;
