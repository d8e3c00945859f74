import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../../common/GoldpathError.ts';
import { CODE_ROOT } from '../../common/moduleExtension.ts';

/** Which scenarios a run takes: goldpath's built-in suite, the team's own (config `testDir`), or both. */
export type Suite = 'builtin' | 'own' | 'all';

/**
 * The folder of the team's own scenarios: config `testDir` (relative to the config file's folder, which must exist),
 * else `scenarios/` there when it exists, else none. goldpath's built-in folder is never "own" (this repository).
 */
export function ownScenarioDir(testDir: string | undefined, base: string, suite: Suite): string | undefined {
  const dir = resolve(base, testDir ?? 'scenarios');
  if (testDir !== undefined && !existsSync(dir)) {
    throw new UsageError(
      'GOLDPATH_TESTDIR_NOT_FOUND',
      `testDir ${testDir}: ${dir} does not exist. Create it (goldpath init writes scenarios/) or fix testDir in the config.`,
    );
  }
  const own = existsSync(dir) && dir !== join(CODE_ROOT, 'scenarios') ? dir : undefined;
  if (own === undefined && suite === 'own') {
    throw new UsageError(
      'GOLDPATH_NO_OWN_SCENARIOS',
      `--suite own: no scenarios of your own (no ${dir}). Run \`npx goldpath init\` or set testDir in goldpath.config.ts.`,
    );
  }
  return suite === 'builtin' ? undefined : own;
}
