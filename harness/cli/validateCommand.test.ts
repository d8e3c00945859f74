import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { setQuiet } from '../common/log.ts';
import type { RunSuiteOptions, RunSuiteResult } from '../runner/launch/runSuite.ts';
import { makeFinding, makeScenario, makeSummary } from '../report/testing/makeSummary.ts';
import { runValidate } from './validateCommand.ts';

let dir: string;
let baseline: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-validate-'));
  baseline = join(dir, 'baseline.json');
  await writeFile(baseline, JSON.stringify(buildBaseline([makeSummary(), makeSummary()], { name: 'pre-migration' })));
  setQuiet(true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterEach(async () => {
  setQuiet(false);
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

/** A fake suite: clean summaries, except that the shared-emitter defect leaks a canary. */
function fakeSuite(calls: RunSuiteOptions[]) {
  return async (options: RunSuiteOptions): Promise<RunSuiteResult> => {
    calls.push(options);
    const leak = options.defects?.includes('shared-emitter');
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
      outDir: options.outDir ?? dir,
    };
  };
}

describe('runValidate --step --plan', () => {
  it('runs the step as the plan says: a step with a defect is BROKEN, a clean step PASSES', async () => {
    const calls: RunSuiteOptions[] = [];
    expect(
      await runValidate(
        { baseline, step: 'step-3', plan: 'plans/demo-broken-step3.json', out: join(dir, 'step-3') },
        fakeSuite(calls),
      ),
    ).toBe(1);
    expect(calls[0]).toMatchObject({
      target: 'embedded',
      factoryPath: 'canonical',
      defects: ['shared-emitter'],
      users: 4,
      project: ['protocol'],
      scenario: 'golden path for one user|concurrent users each get',
      runId: 'validate-step-3',
    });
    expect(calls[0]?.config?.sla.runDeadlineMs).toBe(8000);
    expect(JSON.parse(await readFile(join(dir, 'step-3', 'verdict.json'), 'utf8'))).toMatchObject({
      status: 'BROKEN',
      step: 'step-3',
    });

    expect(
      await runValidate(
        { baseline, step: 'step-2', plan: 'plans/demo-broken-step3.json', out: join(dir, 'step-2') },
        fakeSuite(calls),
      ),
    ).toBe(0);
    expect(calls[1]).toMatchObject({ factoryPath: 'canonical', defects: [] });
  });

  it('lets a flag given on the command line win over the step', async () => {
    const calls: RunSuiteOptions[] = [];
    await runValidate(
      { baseline, step: 'step-1', plan: 'plans/seed-migration.json', users: 9, out: dir },
      fakeSuite(calls),
    );
    expect(calls[0]).toMatchObject({ factoryPath: 'compat', users: 9 });
  });

  it('refuses --step without --plan, and a step the plan does not have', async () => {
    const calls: RunSuiteOptions[] = [];
    await expect(runValidate({ baseline, step: 'step-2' }, fakeSuite(calls))).rejects.toThrow(
      new UsageError(
        'GOLDPATH_STEP_NEEDS_PLAN',
        '--step step-2 names a step of a migration plan: add --plan <file> (e.g. --plan plans/seed-migration.json).',
      ),
    );
    await expect(
      runValidate({ baseline, step: 'step-9', plan: 'plans/demo-broken-step3.json' }, fakeSuite(calls)),
    ).rejects.toThrow(
      new UsageError(
        'GOLDPATH_UNKNOWN_STEP',
        '--step step-9: the plan plans/demo-broken-step3.json has no such step; its steps are pre-migration, step-1, step-2, step-3, step-4.',
      ),
    );
    expect(calls).toEqual([]);
  });
});
