import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { UsageError } from '../common/GoldpathError.ts';
import type { RunSuiteOptions } from '../runner/launch/runSuite.ts';
import { makeSummary } from '../report/testing/makeSummary.ts';
import { runValidate } from './validateCommand.ts';
import { fakeSuite, useQuietTempDir } from './testing/fakeSuite.ts';

let dir: string;
let baseline: string;
const tempDir = useQuietTempDir('goldpath-validate-');
beforeEach(async () => {
  dir = tempDir();
  baseline = join(dir, 'baseline.json');
  await writeFile(baseline, JSON.stringify(buildBaseline([makeSummary(), makeSummary()], { name: 'pre-migration' })));
});

describe('runValidate --step --plan', () => {
  it('runs the step as the plan says: a step with a defect is BROKEN, a clean step PASSES', async () => {
    const calls: RunSuiteOptions[] = [];
    expect(
      await runValidate(
        { baseline, step: 'step-3', plan: 'plans/demo-broken-step3.json', out: join(dir, 'step-3') },
        fakeSuite(calls, tempDir),
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
        fakeSuite(calls, tempDir),
      ),
    ).toBe(0);
    expect(calls[1]).toMatchObject({ factoryPath: 'canonical', defects: [] });
  });

  it('lets a flag given on the command line win over the step', async () => {
    const calls: RunSuiteOptions[] = [];
    await runValidate(
      { baseline, step: 'step-1', plan: 'plans/seed-migration.json', users: 9, out: dir },
      fakeSuite(calls, tempDir),
    );
    expect(calls[0]).toMatchObject({ factoryPath: 'compat', users: 9 });
  });

  it('refuses --step without --plan, and a step the plan does not have', async () => {
    const calls: RunSuiteOptions[] = [];
    await expect(runValidate({ baseline, step: 'step-2' }, fakeSuite(calls, tempDir))).rejects.toThrow(
      new UsageError(
        'GOLDPATH_STEP_NEEDS_PLAN',
        '--step step-2 names a step of a migration plan: add --plan <file> (e.g. --plan plans/seed-migration.json).',
      ),
    );
    await expect(
      runValidate({ baseline, step: 'step-9', plan: 'plans/demo-broken-step3.json' }, fakeSuite(calls, tempDir)),
    ).rejects.toThrow(
      new UsageError(
        'GOLDPATH_UNKNOWN_STEP',
        '--step step-9: the plan plans/demo-broken-step3.json has no such step; its steps are pre-migration, step-1, step-2, step-3, step-4.',
      ),
    );
    expect(calls).toEqual([]);
  });
});
