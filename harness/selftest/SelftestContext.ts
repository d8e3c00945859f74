import type { GoldpathConfig } from '../config/index.ts';
import type { RunSuiteOptions, RunSuiteResult } from '../runner/launch/runSuite.ts';

/** How the self-test runs the suite; unit tests pass a fake. */
export type RunSuiteFn = (options: RunSuiteOptions) => Promise<RunSuiteResult>;

/** What every self-test run shares. */
export interface SelftestContext {
  run: RunSuiteFn;
  /** The resolved config, with the self-test's shorter run deadline. */
  config: GoldpathConfig;
  /** reports/selftest by default: each run writes <outDir>/<name>/. */
  outDir: string;
  /** Replaces each expectation's user count. */
  users?: number;
  /** Hard ceiling of each suite run. */
  timeoutMs: number;
  now: () => number;
}

/** The config with another reference-backend seed (each intermittent pass draws its own strikes). */
export function withSeed(config: GoldpathConfig, seed: number): GoldpathConfig {
  if (config.target.kind !== 'embedded') return config;
  return { ...config, target: { ...config.target, reference: { ...config.target.reference, seed } } };
}
