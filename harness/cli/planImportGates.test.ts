import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ImportCensus } from '../../contracts/ImportCensus.ts';
import { MigrationTimeline } from '../../contracts/MigrationTimeline.ts';
import type { RunSuiteOptions } from '../runner/launch/runSuite.ts';
import { runMigrate } from './migrateCommand.ts';
import { fakeSuite, useQuietTempDir } from './testing/fakeSuite.ts';
import { makeImportsRepo, type ImportsRepo } from './testing/makeImportsRepo.ts';

let repo: ImportsRepo;
let dir: string;
beforeAll(async () => {
  repo = await makeImportsRepo();
});
afterAll(async () => {
  await repo[Symbol.asyncDispose]();
});
const tempDir = useQuietTempDir('goldpath-gates-');
beforeEach(() => {
  dir = tempDir();
});

/** A plan with a baseline and `steps`; by default every ref is one of the temporary repository. */
async function writePlan(
  steps: Record<string, unknown>[],
  imports: { plan?: Record<string, unknown>; baseline?: Record<string, unknown> } = {},
): Promise<string> {
  const file = join(dir, 'plan.json');
  const point = (name: string, more: Record<string, unknown> = {}) => ({
    name,
    title: `Point ${name}`,
    reference: { factoryPath: 'canonical', defects: [] },
    ...more,
  });
  await writeFile(
    file,
    JSON.stringify({
      format: 'goldpath.plan',
      version: 1,
      name: 'gates',
      run: { passes: 2 },
      imports: imports.plan ?? { repo: repo.dir },
      baseline: point('pre', { imports: imports.baseline ?? { source: 'wip' } }),
      steps: steps.map((s, i) => point(`step-${i + 1}`, s)),
    }),
  );
  return file;
}

const readTimeline = async () =>
  MigrationTimeline.parse(JSON.parse(await readFile(join(dir, 'out', 'migration.json'), 'utf8')));

describe('migrate with import gates', () => {
  it('fails a step whose production code still imports the shim, names the file, and removes its worktree', async () => {
    const plan = await writePlan([{ imports: { source: 'wip', expect: { compat: { production: 0 } } } }]);
    const code = await runMigrate({ plan, out: join(dir, 'out') }, fakeSuite([], tempDir, { leaks: false }));
    expect(code).toBe(1);
    const t = await readTimeline();
    expect(t.steps[0]).toMatchObject({
      status: 'INCOMPLETE',
      verdict: { status: 'PASS' },
      imports: { status: 'FAIL', source: 'wip' },
    });
    expect(t.steps[0]?.imports?.checks).toEqual([
      {
        category: 'compat',
        scope: 'production',
        expected: 'no files',
        actual: 1,
        pass: false,
        files: ['netra_backend/app/routes/agent_route.py'],
      },
    ]);
    expect(t.message).toBe(
      'NO-GO: Point step-1 is INCOMPLETE: the golden path matches the baseline, but its code is not there yet: imports compat.production: expected no files, received 1 (netra_backend/app/routes/agent_route.py). Finish the step, or roll back to "Point pre" (pre); later steps were not run.',
    );
    expect(t.baseline.imports).toMatchObject({
      status: 'RECORDED',
      counts: [
        { category: 'canonical', production: 1, test: 0 },
        { category: 'compat', production: 1, test: 1, mentions: 1 },
        { category: 'unified', production: 0 },
      ],
    });
    const md = await readFile(join(dir, 'out', 'migration.md'), 'utf8');
    expect(md).toContain('| ❌ compat.production | no files | 1 | `netra_backend/app/routes/agent_route.py` |');
    expect(md).toContain('| 🚧 INCOMPLETE | 0 | 🚧 FAIL |');
    const html = await readFile(join(dir, 'out', 'migration.html'), 'utf8');
    expect(html).toContain(
      '<tr data-pass="false"><th scope="row">FAIL compat.production</th><td>no files</td><td class="num">1</td><td><code>netra_backend/app/routes/agent_route.py</code></td></tr>',
    );
    const census = ImportCensus.parse(
      JSON.parse(await readFile(join(dir, 'out', 'imports', 'step-1', 'imports.json'), 'utf8')),
    );
    expect(census.categories.find((c) => c.name === 'compat')?.testFiles).toEqual([
      'netra_backend/tests/test_route.py',
    ]);
    expect(census.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(repo.worktrees()).toHaveLength(1);
  });

  it('passes the same step once the file imports the canonical module (test files may still use the shim)', async () => {
    const plan = await writePlan([
      { imports: { source: 'done', expect: { compat: { production: 0 }, canonical: { production: { min: 2 } } } } },
    ]);
    const code = await runMigrate({ plan, out: join(dir, 'out') }, fakeSuite([], tempDir, { leaks: false }));
    expect(code).toBe(0);
    const t = await readTimeline();
    expect(t.steps[0]).toMatchObject({
      status: 'PASS',
      imports: { status: 'PASS', message: 'imports of done: all 2 expectations hold' },
    });
    expect(t.message).toBe(
      'GO: all 1 steps of gates match the baseline "Point pre", and the code of each meets its import expectations.',
    );
    expect(t.steps[0]?.imports?.checks.map((c) => [c.category, c.actual, c.pass])).toEqual([
      ['compat', 0, true],
      ['canonical', 2, true],
    ]);
  });

  it('reads a folder relative to the plan as the source, when the step names no repository', async () => {
    const fixture = relative(dir, join(process.cwd(), 'harness/imports/fixtures/backend'));
    const plan = await writePlan([{ imports: { source: fixture, expect: { unified: { test: 3, production: 2 } } } }], {
      plan: {},
      baseline: { source: 'wip', repo: repo.dir },
    });
    expect(await runMigrate({ plan, out: join(dir, 'out') }, fakeSuite([], tempDir, { leaks: false }))).toBe(0);
    expect((await readTimeline()).steps[0]?.imports?.source).toBe(fixture);
    expect((await readTimeline()).steps[0]?.imports?.checks.map((c) => `${c.scope} ${c.actual} ${c.pass}`)).toEqual([
      'production 2 true',
      'test 3 true',
    ]);
  }, 20_000);

  it("stops with exit 2, not a pass, when a step's folder is missing at its ref", async () => {
    const calls: RunSuiteOptions[] = [];
    const plan = await writePlan([
      { imports: { source: 'done', path: 'docs', expect: { compat: { production: 0 } } } },
    ]);
    expect(await runMigrate({ plan, out: join(dir, 'out') }, fakeSuite(calls, tempDir, { leaks: false }))).toBe(2);
    const t = await readTimeline();
    expect(t.steps[0]).toMatchObject({ status: 'ERROR', imports: { status: 'ERROR' } });
    expect(t.steps[0]?.imports?.message).toContain('docs does not exist at done');
    expect(calls).toHaveLength(2);
  });

  it("stops with exit 2, not a pass, when a step's folder holds no Python file", async () => {
    await mkdir(join(dir, 'empty'));
    const plan = await writePlan(
      [{ imports: { source: 'empty', repo: undefined, expect: { compat: { production: 0 } } } }],
      { plan: {}, baseline: { source: 'wip', repo: repo.dir } },
    );
    expect(await runMigrate({ plan, out: join(dir, 'out') }, fakeSuite([], tempDir, { leaks: false }))).toBe(2);
    expect((await readTimeline()).steps[0]?.imports?.message).toContain('no Python files in empty');
  });

  it('refuses a plan whose source is no git ref before running anything (exit 2)', async () => {
    const calls: RunSuiteOptions[] = [];
    const plan = await writePlan([{ imports: { source: 'no-such-tag', expect: { compat: { production: 0 } } } }]);
    await expect(
      runMigrate({ plan, out: join(dir, 'out') }, fakeSuite(calls, tempDir, { leaks: false })),
    ).rejects.toMatchObject({
      exitCode: 2,
      code: 'GOLDPATH_IMPORTS_BAD_REF',
      message: expect.stringContaining('step-1: imports.source "no-such-tag" is not a git ref'),
    });
    expect(calls).toEqual([]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('refuses an expectation on a category that does not exist (exit 2)', async () => {
    const plan = await writePlan([{ imports: { source: 'done', expect: { compta: { production: 0 } } } }]);
    await expect(
      runMigrate({ plan, out: join(dir, 'out') }, fakeSuite([], tempDir, { leaks: false })),
    ).rejects.toMatchObject({
      exitCode: 2,
      message: expect.stringContaining(
        'step-1: imports.expect names no category: "compta" (known: canonical, compat, unified)',
      ),
    });
  });
});
