import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { MigrationTimeline } from '../../contracts/MigrationTimeline.ts';
import { readMigrationPlan } from '../baseline/parseMigrationPlan.ts';
import type { RunSuiteOptions } from '../runner/launch/runSuite.ts';
import { runMigrate } from './migrateCommand.ts';
import { fakeSuite, useQuietTempDir } from './testing/fakeSuite.ts';

let dir: string;
const tempDir = useQuietTempDir('goldpath-migrate-');
beforeEach(() => {
  dir = tempDir();
});

describe('runMigrate', () => {
  it('records the baseline and passes every step of the seed plan', async () => {
    const calls: RunSuiteOptions[] = [];
    const code = await runMigrate({ plan: 'plans/seed-migration.json', out: dir }, fakeSuite(calls, tempDir));
    expect(code).toBe(0);
    expect(calls.map((c) => `${c.factoryPath} ${c.defects?.join(',') || '-'}`)).toEqual([
      'mixed -',
      'mixed -',
      'compat -',
      'canonical -',
      'canonical -',
      'canonical -',
    ]);
    expect(calls[0]).toMatchObject({
      scenario: 'golden path for one user|concurrent users each get',
      project: ['protocol'],
      users: 4,
      target: 'embedded',
      quiet: true,
    });
    expect(calls[0]?.config?.sla.runDeadlineMs).toBe(8000);
    const timeline = MigrationTimeline.parse(JSON.parse(await readFile(join(dir, 'migration.json'), 'utf8')));
    expect(timeline.status).toBe('COMPLETED');
    expect(timeline.steps.map((s) => s.status)).toEqual(['PASS', 'PASS', 'PASS', 'PASS']);
    expect(timeline.baseline).toMatchObject({
      status: 'RECORDED',
      reports: ['pre-migration/pass-1', 'pre-migration/pass-2'],
    });
  });

  it('stops the demo plan at step 3 as BROKEN and points back to step 2', async () => {
    const calls: RunSuiteOptions[] = [];
    const code = await runMigrate({ plan: 'plans/demo-broken-step3.json', out: dir }, fakeSuite(calls, tempDir));
    expect(code).toBe(1);
    expect(calls).toHaveLength(5);
    const timeline = MigrationTimeline.parse(JSON.parse(await readFile(join(dir, 'migration.json'), 'utf8')));
    expect(timeline).toMatchObject({ status: 'STOPPED', stoppedAt: 'step-3', rollbackTo: { name: 'step-2' } });
    expect(timeline.steps.map((s) => s.status)).toEqual(['PASS', 'PASS', 'BROKEN', 'NOT_RUN']);
    expect(timeline.message).toBe(
      'NO-GO: Step 3: test infrastructure migrated (with a shared-emitter bug) is BROKEN (1 reason: isolation). Roll back to "Step 2: compatibility layer standardised" (step-2); later steps were not run.',
    );
    expect(JSON.parse(await readFile(join(dir, 'step-3', 'verdict.json'), 'utf8'))).toMatchObject({
      status: 'BROKEN',
      step: 'step-3',
    });
    const md = await readFile(join(dir, 'migration.md'), 'utf8');
    expect(md).toContain(
      '| 3 | Step 3: test infrastructure migrated (with a shared-emitter bug) | reference factoryPath=canonical defects=shared-emitter | 🛑 BROKEN | 1 |',
    );
    const html = await readFile(join(dir, 'migration.html'), 'utf8');
    expect(html).toContain('<p class="verdict">STOPPED</p>');
    expect(html).toContain('aria-label="Migration timeline of demo-broken-step3"');
  });

  it('stops the import-gate demo at step 2 as INCOMPLETE and names the production files still on the compat path', async () => {
    const code = await runMigrate({ plan: 'plans/demo-import-gate.json', out: dir }, fakeSuite([], tempDir));
    expect(code).toBe(1);
    const timeline = MigrationTimeline.parse(JSON.parse(await readFile(join(dir, 'migration.json'), 'utf8')));
    expect(timeline.steps.map((s) => `${s.status} ${s.imports?.status}`)).toEqual(['PASS PASS', 'INCOMPLETE FAIL']);
    expect(timeline.steps[1]?.imports?.checks[0]?.files).toEqual([
      'netra_backend/app/core/managers/registry.py',
      'netra_backend/app/dependencies.py',
      'netra_backend/app/routes/agent_route.py',
      'netra_backend/app/services/engine_service.py',
    ]);
    expect(await readFile(join(dir, 'migration.md'), 'utf8')).toContain(
      '| ❌ compat.production | no files | 4 | `netra_backend/app/core/managers/registry.py`, `netra_backend/app/dependencies.py`, `netra_backend/app/routes/agent_route.py`, `netra_backend/app/services/engine_service.py` |',
    );
  });

  it('stops with exit 3 when the baseline cannot be recorded', async () => {
    const code = await runMigrate({ plan: 'plans/seed-migration.json', out: dir }, async (o) => ({
      exitCode: 3,
      outDir: o.outDir ?? dir,
    }));
    expect(code).toBe(3);
    const timeline = MigrationTimeline.parse(JSON.parse(await readFile(join(dir, 'migration.json'), 'utf8')));
    expect(timeline).toMatchObject({ status: 'INFRA_ERROR', baseline: { status: 'ERROR' } });
  });
});

describe('readMigrationPlan', () => {
  it('reads the shipped plans', async () => {
    expect((await readMigrationPlan('plans/seed-migration.json')).steps).toHaveLength(4);
    expect((await readMigrationPlan('plans/demo-broken-step3.json')).steps[2]?.reference?.defects).toEqual([
      'shared-emitter',
    ]);
    expect((await readMigrationPlan('plans/demo-import-gate.json')).steps[1]?.imports?.expect).toEqual({
      compat: { production: 0 },
    });
  });

  it('names a wrong key in a plan', async () => {
    const file = join(dir, 'plan.json');
    await writeFile(
      file,
      JSON.stringify({
        format: 'goldpath.plan',
        version: 1,
        name: 'x',
        baseline: { name: 'b', title: 'B', refrence: {} },
        steps: [],
      }),
    );
    await expect(readMigrationPlan(file)).rejects.toThrow(
      /invalid migration plan .*plan\.json:[\s\S]*Unrecognized key: "refrence"[\s\S]*steps/,
    );
  });
});
