import type { ImportCategory, ImportCensusOptions } from '../../contracts/ImportCensus.ts';
import {
  DEFAULT_CATEGORIES,
  DEFAULT_CRITICAL_FILES,
  DEFAULT_EXCLUDE,
  DEFAULT_TEST_PATHS,
} from './defaultCensusOptions.ts';

/** Census options with every key set. */
export interface CensusSettings {
  categories: readonly ImportCategory[];
  testPaths: readonly string[];
  exclude: readonly string[];
  criticalFiles: readonly string[];
}

/** Layers of options (config, then plan, then step), each key taken from the last layer that sets it, else the default. */
export function resolveCensusOptions(...layers: (ImportCensusOptions | undefined)[]): CensusSettings {
  const pick = <K extends keyof ImportCensusOptions>(key: K): ImportCensusOptions[K] =>
    layers.reduce<ImportCensusOptions[K]>((v, l) => l?.[key] ?? v, undefined);
  return {
    categories: pick('categories') ?? DEFAULT_CATEGORIES,
    testPaths: pick('testPaths') ?? DEFAULT_TEST_PATHS,
    exclude: pick('exclude') ?? DEFAULT_EXCLUDE,
    criticalFiles: pick('criticalFiles') ?? DEFAULT_CRITICAL_FILES,
  };
}
