import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, afterEach, describe, expect, it, vi } from 'vitest';
import { ImportCensus, ImportCensusDiff } from '../../contracts/ImportCensus.ts';
import { main } from './main.ts';
import { makeImportsRepo, type ImportsRepo } from './testing/makeImportsRepo.ts';

const FIXTURE = 'harness/imports/fixtures/backend';
let repo: ImportsRepo;
let out: string;
let stdout: string;
let stderr: string;

beforeAll(async () => {
  repo = await makeImportsRepo();
});
afterAll(async () => {
  await repo[Symbol.asyncDispose]();
});
beforeEach(async () => {
  out = await mkdtemp(join(tmpdir(), 'goldpath-imports-out-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  process.exitCode = undefined;
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await rm(out, { recursive: true, force: true });
});

describe('goldpath imports', () => {
  it('explains itself with --help', async () => {
    expect(await main(['imports', '--help'])).toBe(0);
    expect(stdout).toContain('Usage: goldpath imports [options] [dir]');
    expect(stdout).toContain('--diff <refs...>');
    expect(stdout).toContain('Exit codes: 0 census written, 2 missing folder');
  });

  it('prints the seed-style table, at most --max-files files per category, and writes every file to imports.json', async () => {
    expect(await main(['imports', FIXTURE, '--max-files', '2', '--out', out])).toBe(0);
    expect(stdout).toMatch(/canonical +netra_backend\.app\.agents\.supervisor\.execution_engine_factory +6 +1 +7 +0\n/);
    expect(stdout).toContain(
      'goldpath: unified: 2 production, 3 test files\ngoldpath:   netra_backend/app/services/engine_service.py\ngoldpath:   netra_backend/app/services/star_user.py\ngoldpath:   … and 3 more (all in imports.json, with --out)\n',
    );
    expect(stdout).toContain('goldpath:   netra_backend/app/dependencies.py: canonical, compat\n');
    const census = ImportCensus.parse(JSON.parse(await readFile(join(out, 'imports.json'), 'utf8')));
    expect(census.categories.map((c) => c.name)).toEqual(['canonical', 'compat', 'unified']);
    expect(census.categories[2]?.testFiles).toHaveLength(3);
    const md = await readFile(join(out, 'imports.md'), 'utf8');
    expect(md).toContain(
      '| compat | `from netra_backend.app.core.managers.execution_engine_factory import ExecutionEngineFactory, UserExecutionEngineFactory, get_execution_engine_factory, configure_execution_engine_factory` | 4 | 0 | 6 | 3 |',
    );
    expect(md).toContain('| `netra_backend/app/dependencies.py` | canonical, compat |');
    expect(md.indexOf('Production files (2):')).toBeLessThan(md.indexOf('Test files (3):'));
    expect(md).toContain('- `netra_backend/app/dependencies.py` line 11 (type-checking)');
  });

  it('reads a tree at a git ref without touching the working tree', async () => {
    expect(await main(['imports', repo.dir, '--ref', 'wip', '--out', out])).toBe(0);
    const census = ImportCensus.parse(JSON.parse(await readFile(join(out, 'imports.json'), 'utf8')));
    expect(census).toMatchObject({ source: 'wip', commit: expect.stringMatching(/^[0-9a-f]{40}$/) });
    expect(census.categories.find((c) => c.name === 'compat')?.productionFiles).toEqual([
      'netra_backend/app/routes/agent_route.py',
    ]);
    expect(repo.worktrees()).toHaveLength(1);
  });

  it('lists the files that moved between categories from one ref to another', async () => {
    expect(await main(['imports', repo.dir, '--diff', 'wip', 'done', '--out', out])).toBe(0);
    expect(stdout).toContain('imports wip → done: 1 file changed category');
    expect(stdout).toContain('netra_backend/app/routes/agent_route.py: compat → canonical');
    const diff = ImportCensusDiff.parse(JSON.parse(await readFile(join(out, 'imports-diff.json'), 'utf8')));
    expect(diff.moved).toEqual([
      { file: 'netra_backend/app/routes/agent_route.py', test: false, from: ['compat'], to: ['canonical'] },
    ]);
    expect(diff.categories.find((c) => c.name === 'compat')).toEqual({
      name: 'compat',
      before: { production: 1, test: 1 },
      after: { production: 0, test: 1 },
      added: [],
      removed: ['netra_backend/app/routes/agent_route.py'],
    });
  });

  it("takes categories and test paths from the config's imports key", async () => {
    const config = join(out, 'goldpath.config.mjs');
    await writeFile(
      config,
      "export default { imports: { categories: [{ name: 'shim', module: 'netra_backend.app.core.managers.execution_engine_factory', names: [] }], testPaths: ['**/tests/**'] } };\n",
    );
    expect(await main(['imports', FIXTURE, '--config', config, '--out', out])).toBe(0);
    const census = ImportCensus.parse(JSON.parse(await readFile(join(out, 'imports.json'), 'utf8')));
    // with no names listed, make_legacy_context counts too
    expect(census.categories.map((c) => [c.name, c.productionFiles.length, c.otherImports.length])).toEqual([
      ['shim', 5, 0],
    ]);
    expect(census.files.test).toBe(4);
  });

  it('exits 2 on a folder that does not exist', async () => {
    expect(await main(['imports', join(out, 'missing')])).toBe(2);
    expect(stderr).toContain('missing is not a folder (it does not exist)');
  });

  it('exits 2 on a folder without Python files rather than reporting an empty census', async () => {
    expect(await main(['imports', out])).toBe(2);
    expect(stderr).toContain('no Python files in');
  });

  it('exits 2 on something that is not a git ref, and on a folder outside any repository', async () => {
    expect(await main(['imports', repo.dir, '--diff', 'wip', 'no-such-ref'])).toBe(2);
    expect(stderr).toContain('"no-such-ref" is not a git ref in');
    expect(await main(['imports', out, '--ref', 'main'])).toBe(2);
    expect(stderr).toContain('is not inside a git repository');
  });

  it('exits 2 when --diff is not given two refs', async () => {
    expect(await main(['imports', repo.dir, '--diff', 'wip'])).toBe(2);
    expect(stderr).toContain('--diff takes two git refs (before and after), received 1');
  });
});
