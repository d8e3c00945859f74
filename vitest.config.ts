import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const roots = '{contracts,harness,reference,test}';

/**
 * The slowest test files, started first (alone on 2 cores they take about 180, 90, 140, 75, 55, 55, 45, 40, 30 and
 * 50 s): a fresh clone has no timings of earlier runs, and vitest's own order (larger files first) would start the
 * slowest file last and leave one worker idle at the end. The baseline gate comes second so that its latency
 * comparisons run beside the self-test's defect runs (which mostly wait for their deadlines) rather than beside its
 * clean repetitions, which keep both cores busy.
 */
const SLOWEST_FILES = [
  'harness/selftest/selftest.e2e.test.ts',
  'harness/cli/baselineGate.e2e.test.ts',
  'harness/runner/browser/browser.e2e.test.ts',
  'harness/runner/launch/netraBugs.e2e.test.ts',
  'harness/runner/launch/decideExit.e2e.test.ts',
  'harness/targets/targets.e2e.test.ts',
  'harness/runner/launch/hostileRuns.e2e.test.ts',
  'harness/runner/launch/runSuite.test.ts',
  'harness/runner/launch/netraBackendAuth.e2e.test.ts',
  'harness/cli/packageInstall.e2e.test.ts',
];

/** Starts the files of SLOWEST_FILES first, in that order, then the rest in vitest's own order. */
class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification): number => {
      const index = SLOWEST_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return index === -1 ? SLOWEST_FILES.length : index;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

export default defineConfig({
  // goldpath's own tests import its package entries from the sources (the package.json exports point at dist/)
  resolve: { alias: { 'goldpath/msw': fileURLToPath(new URL('./harness/msw/index.ts', import.meta.url)) } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // two files at once on 2 cores (vitest's default is cores - 1): the e2e files wait on sockets, deadlines and
    // child processes much of the time, so one file at a time left a core idle
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${roots}/**/*.test.ts`],
          exclude: [...configDefaults.exclude, `${roots}/**/*.msw.test.ts`],
        },
      },
      // msw intercepts the standard WebSocket, which Node 20 has only behind this flag (Node 22 has it by default)
      {
        extends: true,
        test: { name: 'msw', include: [`${roots}/**/*.msw.test.ts`], execArgv: ['--experimental-websocket'] },
      },
    ],
  },
});
