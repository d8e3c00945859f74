import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, vi } from 'vitest';
import { setQuiet } from '../../common/log.ts';
import { makeFinding, makeScenario, makeSummary } from '../../report/testing/makeSummary.ts';
import type { RunSuiteOptions, RunSuiteResult } from '../../runner/launch/runSuite.ts';

/** A fresh temporary folder per test, with goldpath quiet and stderr muted; returns a getter of the folder. */
export function useQuietTempDir(prefix: string): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix));
    setQuiet(true);
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(async () => {
    setQuiet(false);
    vi.restoreAllMocks();
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}

/**
 * A suite that runs nothing and records how it was called: its summaries are clean, except that with `leaks` the
 * shared-emitter defect leaks a canary (exit 1).
 */
export function fakeSuite(
  calls: RunSuiteOptions[],
  dir: () => string,
  { leaks = true }: { leaks?: boolean } = {},
): (options: RunSuiteOptions) => Promise<RunSuiteResult> {
  return async (options) => {
    calls.push(options);
    const leak = leaks && options.defects?.includes('shared-emitter');
    const scenario = leak
      ? makeScenario({
          status: 'failed',
          findingsByCode: { 'isolation.foreign_canary': 2 },
          findings: [makeFinding('isolation.foreign_canary', { user: 'u-2', related: { user: 'u-1' } })],
        })
      : makeScenario();
    return {
      exitCode: leak ? 1 : 0,
      summary: makeSummary([scenario], { runId: options.runId ?? 'x' }),
      outDir: options.outDir ?? dir(),
    };
  };
}
