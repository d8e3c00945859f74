import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { join } from 'node:path';
import { CODE_ROOT, MODULE_EXTENSION } from './harness/common/moduleExtension.ts';
import { chromiumLaunchOptions } from './harness/runner/browser/chromiumLaunchOptions.ts';
import { resolveRunIdentity } from './harness/runner/launch/runIdentity.ts';

// `goldpath run` sets GOLDPATH_OUT_DIR / GOLDPATH_RUN_ID; `npx playwright test` gets reports/<new run id>.
const { outDir } = resolveRunIdentity();
const quiet = process.env.GOLDPATH_QUIET === '1';
const tty = Boolean(process.stdout.isTTY);

// GOLDPATH_SUITE (builtin | own | all) picks goldpath's own scenarios, the team's (GOLDPATH_OWN_DIR), or both
const suite = process.env.GOLDPATH_SUITE ?? 'all';
const ownDir = process.env.GOLDPATH_OWN_DIR;
/** goldpath's built-in suite, one entry per project (.ts in this repository, .js from the installed package). */
const builtin: NonNullable<PlaywrightTestConfig['projects']> = [
  { name: 'protocol', testMatch: /scenarios[\\/][^\\/]+\.spec\.[jt]s$/ },
  // real Chromium, one per worker, one context per browser user; GOLDPATH_CHROMIUM names the executable
  {
    name: 'browser',
    testMatch: /scenarios[\\/]browser[\\/][^\\/]+\.spec\.[jt]s$/,
    use: {
      browserName: 'chromium',
      launchOptions: chromiumLaunchOptions(),
      actionTimeout: 10_000,
      navigationTimeout: 15_000,
    },
  },
];
/** The team's own scenarios: every *.spec.{ts,js,mts,mjs} under the config's testDir. */
const own: NonNullable<PlaywrightTestConfig['projects']> =
  ownDir === undefined ? [] : [{ name: 'own', testDir: ownDir, testMatch: /\.spec\.m?[jt]s$/ }];
const projects: PlaywrightTestConfig['projects'] = [
  ...(suite === 'own' ? [] : builtin),
  ...(suite === 'builtin' ? [] : own),
];

const reporter: PlaywrightTestConfig['reporter'] = [
  // on a TTY goldpath's reporter draws the live progress line and the scenario lines itself; in CI logs, Playwright's list
  ...(quiet || tty ? [] : [['list'] as ['list']]),
  [join(CODE_ROOT, `harness/runner/reporter/GoldpathReporter${MODULE_EXTENSION}`), { console: tty && !quiet, quiet }],
  ['html', { outputFolder: `${outDir}/playwright-report`, open: 'never' }],
  ['json', { outputFile: `${outDir}/playwright-results.json` }],
];

export default defineConfig({
  // GOLDPATH_SCENARIO_DIR: another folder of spec files (goldpath's own tests run broken suites from a temporary one)
  testDir: process.env.GOLDPATH_SCENARIO_DIR ?? join(CODE_ROOT, 'scenarios'),
  outputDir: `${outDir}/test-results`,
  workers: Number(process.env.GOLDPATH_WORKERS ?? 2),
  retries: 0,
  fullyParallel: true,
  // test stdout carries goldpath's progress lines; GoldpathReporter strips them and prints the rest
  quiet: true,
  timeout: 120_000,
  globalTimeout: Number(process.env.GOLDPATH_GLOBAL_TIMEOUT_MS ?? 15 * 60_000),
  reporter,
  projects,
});
