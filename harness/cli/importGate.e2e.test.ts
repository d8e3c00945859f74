import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MigrationTimeline } from '../../contracts/MigrationTimeline.ts';
import { setQuiet } from '../common/log.ts';
import { runMigrate } from './migrateCommand.ts';
import { makeImportsRepo, type ImportsRepo } from './testing/makeImportsRepo.ts';

// End to end on the embedded reference backend: a real golden-path run per point beside a real census of a temporary
// git repository at each step's ref. One fast scenario, and the single-agent shape, whose run shape does not vary from
// run to run, so that only the import gate can stop a step.
let repo: ImportsRepo;
let dir: string;

beforeAll(async () => {
  repo = await makeImportsRepo();
  dir = await mkdtemp(join(tmpdir(), 'goldpath-gate-e2e-'));
  setQuiet(true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
});
afterAll(async () => {
  setQuiet(false);
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
  await repo[Symbol.asyncDispose]();
});

describe('goldpath migrate with import gates on the reference backend', () => {
  it('passes a step whose golden path and code both hold, and stops at one whose code still imports the shim', async () => {
    const plan = join(dir, 'plan.json');
    const config = join(dir, 'goldpath.config.mjs');
    await writeFile(
      config,
      "export default { sla: { runDeadlineMs: 8000, maxGapMs: 5000 }, thresholds: { latencyAbsoluteMs: 100 }, target: { kind: 'embedded', reference: { agentShape: 'single' } } };\n",
    );
    const point = (name: string, factoryPath: string, imports: Record<string, unknown>) => ({
      name,
      title: `Point ${name}`,
      reference: { factoryPath, defects: [] },
      imports,
    });
    await writeFile(
      plan,
      JSON.stringify({
        format: 'goldpath.plan',
        version: 1,
        name: 'gate-e2e',
        config,
        run: { scenario: 'golden path for one user', project: ['protocol'], users: 1, passes: 2 },
        imports: { repo: repo.dir },
        baseline: point('pre', 'mixed', { source: 'wip' }),
        steps: [
          point('step-1', 'compat', { source: 'wip', expect: { unified: { production: 0 } } }),
          point('step-2', 'canonical', { source: 'wip', expect: { compat: { production: 0 } } }),
        ],
      }),
    );
    const code = await runMigrate({ plan, out: join(dir, 'out') });
    const t = MigrationTimeline.parse(JSON.parse(await readFile(join(dir, 'out', 'migration.json'), 'utf8')));
    expect(code).toBe(1);
    expect(t.steps.map((s) => [s.status, s.verdict?.status, s.imports?.status])).toEqual([
      ['PASS', 'PASS', 'PASS'],
      ['INCOMPLETE', 'PASS', 'FAIL'],
    ]);
    expect(t.rollbackTo).toEqual({ name: 'step-1', title: 'Point step-1' });
    const md = await readFile(join(dir, 'out', 'migration.md'), 'utf8');
    expect(md).toContain('### Point step-2: imports FAIL');
    expect(md).toContain('`netra_backend/app/routes/agent_route.py`');
    expect(repo.worktrees()).toHaveLength(1);
  }, 120_000);
});
