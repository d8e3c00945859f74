import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './harness/runner/browser/chromiumLaunchOptions.ts';
import { resolveRunIdentity } from './harness/runner/runIdentity.ts';

// `goldpath run` sets GOLDPATH_OUT_DIR / GOLDPATH_RUN_ID; `npx playwright test` gets reports/<new run id>.
const { outDir } = resolveRunIdentity();
const quiet = process.env.GOLDPATH_QUIET === '1';
const tty = Boolean(process.stdout.isTTY);

/** One entry per project: adding the browser project is one more line here. */
const projects: PlaywrightTestConfig['projects'] = [
  { name: 'protocol', testMatch: /scenarios[\\/][^\\/]+\.spec\.ts$/ },
  // real Chromium, one per worker, one context per browser user; GOLDPATH_CHROMIUM names the executable
  { name: 'browser', testMatch: /scenarios[\\/]browser[\\/][^\\/]+\.spec\.ts$/, use: { browserName: 'chromium', launchOptions: chromiumLaunchOptions(), actionTimeout: 10_000, navigationTimeout: 15_000 } },
];

const reporter: PlaywrightTestConfig['reporter'] = [
  // on a TTY goldpath's reporter draws the live progress line and the scenario lines itself; in CI logs, Playwright's list
  ...(quiet || tty ? [] : [['list'] as ['list']]),
  ['./harness/runner/GoldpathReporter.ts', { console: tty && !quiet, quiet }],
  ['html', { outputFolder: `${outDir}/playwright-report`, open: 'never' }],
  ['json', { outputFile: `${outDir}/playwright-results.json` }],
];

export default defineConfig({
  // GOLDPATH_SCENARIO_DIR: another folder of spec files (goldpath's own tests run broken suites from a temporary one)
  testDir: process.env.GOLDPATH_SCENARIO_DIR ?? 'scenarios',
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
