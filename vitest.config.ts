import { fileURLToPath } from 'node:url';
import { configDefaults, defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

const roots = '{contracts,harness,reference,test}';

/**
 * Files that run alone, one after the other, before the rest (each is its own project with its own group order):
 * - the baseline gate compares the latency of each run with a baseline learnt minutes before, within 100 ms: beside
 *   another file's suite runs on 2 cores its clean steps were seen to regress;
 * - the package test packs goldpath, whose build deletes and rewrites dist/, where `check --workers` threads beside it
 *   would load their modules from when the build was fresh.
 */
const ALONE = ['harness/cli/baselineGate.e2e.test.ts', 'harness/cli/packageInstall.e2e.test.ts'];

/**
 * The slowest of the rest, started first (alone on 2 cores they take about 180, 140, 75, 55, 55, 45, 40 and
 * 30 s): a fresh clone has no timings of earlier runs, and vitest's own order (larger files first) would start the
 * slowest file last and leave one worker idle at the end.
 */
const SLOWEST_FILES = [
  'harness/selftest/selftest.e2e.test.ts',
  'harness/runner/browser/browser.e2e.test.ts',
  'harness/runner/launch/netraBugs.e2e.test.ts',
  'harness/runner/launch/decideExit.e2e.test.ts',
  'harness/targets/targets.e2e.test.ts',
  'harness/runner/launch/hostileRuns.e2e.test.ts',
  'harness/runner/launch/runSuite.test.ts',
  'harness/runner/launch/netraBackendAuth.e2e.test.ts',
];

/** Starts the files of SLOWEST_FILES first, in that order, then the rest in vitest's own order. */
class SlowestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification): number => {
      const index = SLOWEST_FILES.findIndex((file) => spec.moduleId.endsWith(`/${file}`));
      return index === -1 ? SLOWEST_FILES.length : index;
    };
    // Array.prototype.sort is stable: the groups and the rest keep vitest's order
    return (await super.sort(files)).sort(
      (a, b) => a.project.config.sequence.groupOrder - b.project.config.sequence.groupOrder || rank(a) - rank(b),
    );
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
    // child processes much of the time, so one file at a time left a core idle half the time
    maxWorkers: 2,
    sequence: { sequencer: SlowestFirstSequencer },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${roots}/**/*.test.ts`],
          exclude: [...configDefaults.exclude, `${roots}/**/*.msw.test.ts`, ...ALONE],
          sequence: { groupOrder: ALONE.length },
        },
      },
      ...ALONE.map((file, order) => ({
        extends: true as const,
        test: { name: `alone-${order + 1}`, include: [file], sequence: { groupOrder: order } },
      })),
      // msw intercepts the standard WebSocket, which Node 20 has only behind this flag (Node 22 has it by default)
      {
        extends: true,
        test: {
          name: 'msw',
          include: [`${roots}/**/*.msw.test.ts`],
          execArgv: ['--experimental-websocket'],
          sequence: { groupOrder: ALONE.length },
        },
      },
    ],
  },
});
