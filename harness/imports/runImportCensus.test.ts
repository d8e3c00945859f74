import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ImportCensus } from '../../contracts/ImportCensus.ts';
import { resolveCensusOptions } from './resolveCensusOptions.ts';
import { runImportCensus } from './runImportCensus.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/backend/', import.meta.url));
const census = ImportCensus.parse(await runImportCensus({ dir: FIXTURE, settings: resolveCensusOptions() }));
const cat = (name: string) => census.categories.find((c) => c.name === name)!;
const sitesOf = (name: string) =>
  cat(name).imports.map(
    (s) => `${s.file}:${s.line} ${s.names.join(',')}${s.context.length > 0 ? ` [${s.context.join(',')}]` : ''}`,
  );

describe('runImportCensus on the fixture backend (counts written by hand)', () => {
  it('counts the files, tells test files by path and skips excluded folders', () => {
    // 27 .py files, one of them under .venv/
    expect(census.files).toEqual({
      total: 26,
      production: 21,
      test: 5,
      parsed: 17,
      withSyntaxErrors: ['scripts/broken.py'],
      unreadable: [],
    });
  });

  it('finds the canonical imports: parenthesised, aliased, relative, inside a function, in an except ImportError fallback', () => {
    expect(cat('canonical').productionFiles).toEqual([
      'netra_backend/app/agents/execution_engine_unified_factory.py',
      'netra_backend/app/agents/supervisor/user_execution_engine.py',
      'netra_backend/app/core/managers/execution_engine_factory.py',
      'netra_backend/app/dependencies.py',
      'netra_backend/app/routes/agent_route.py',
      'netra_backend/app/smd.py',
    ]);
    expect(cat('canonical').testFiles).toEqual(['netra_backend/tests/conftest.py']);
    expect(cat('canonical')).toMatchObject({ sites: 7, productionSites: 6, testSites: 1, mentionFiles: [] });
    expect(sitesOf('canonical')).toEqual([
      'netra_backend/app/agents/execution_engine_unified_factory.py:4 ExecutionEngineFactory',
      'netra_backend/app/agents/supervisor/user_execution_engine.py:6 get_execution_engine_factory [function]',
      'netra_backend/app/core/managers/execution_engine_factory.py:2 ExecutionEngineFactory,get_execution_engine_factory,configure_execution_engine_factory',
      'netra_backend/app/dependencies.py:4 ExecutionEngineFactory,get_execution_engine_factory,user_execution_engine',
      'netra_backend/app/routes/agent_route.py:4 ExecutionEngineFactory [try-import-error]',
      'netra_backend/app/smd.py:2 configure_execution_engine_factory',
      'netra_backend/tests/conftest.py:3 ExecutionEngineFactory',
    ]);
  });

  it('finds the compat imports: import-as, from-package-import-module, class body, TYPE_CHECKING, try ImportError, two dots', () => {
    expect(cat('compat').productionFiles).toEqual([
      'netra_backend/app/core/managers/registry.py',
      'netra_backend/app/dependencies.py',
      'netra_backend/app/routes/agent_route.py',
      'netra_backend/app/services/engine_service.py',
    ]);
    expect(cat('compat')).toMatchObject({ testFiles: [], sites: 6, productionSites: 6, testSites: 0 });
    expect(sitesOf('compat')).toEqual([
      'netra_backend/app/core/managers/registry.py:1 execution_engine_factory',
      'netra_backend/app/core/managers/registry.py:5 ExecutionEngineFactory [class]',
      'netra_backend/app/dependencies.py:11 UserExecutionEngineFactory [type-checking]',
      'netra_backend/app/routes/agent_route.py:2 ExecutionEngineFactory [try-import-error]',
      'netra_backend/app/services/engine_service.py:1 netra_backend.app.core.managers.execution_engine_factory',
      'netra_backend/app/services/engine_service.py:3 execution_engine_factory',
    ]);
  });

  it('lists an import of an unlisted name apart, without counting it', () => {
    expect(cat('compat').otherImports.map((s) => `${s.file}:${s.line} ${s.names.join(',')}`)).toEqual([
      'netra_backend/app/services/helpers.py:1 make_legacy_context',
    ]);
    expect(cat('compat').productionFiles).not.toContain('netra_backend/app/services/helpers.py');
  });

  it('finds the unified imports: star import, plain import, relative import in a *_test.py, parenthesised in tests/', () => {
    expect(cat('unified').productionFiles).toEqual([
      'netra_backend/app/services/engine_service.py',
      'netra_backend/app/services/star_user.py',
    ]);
    expect(cat('unified').testFiles).toEqual([
      'netra_backend/app/agents/engine_test.py',
      'netra_backend/tests/test_factory.py',
      'tests/integration/unified_wrapper_check.py',
    ]);
    expect(cat('unified')).toMatchObject({ sites: 5, productionSites: 2, testSites: 3 });
    expect(sitesOf('unified')).toContain('netra_backend/app/services/star_user.py:1 *');
  });

  it('counts strings and comments that name a module as mentions, never as imports', () => {
    expect(cat('compat').mentionFiles).toEqual([
      'netra_backend/app/services/notes.py',
      'netra_backend/app/smd.py',
      'netra_backend/tests/test_factory.py',
    ]);
    expect(cat('compat').mentions.map((m) => `${m.file}:${m.line} ${m.kind}`)).toEqual([
      'netra_backend/app/services/notes.py:1 string',
      'netra_backend/app/services/notes.py:5 comment',
      'netra_backend/app/smd.py:4 comment',
      'netra_backend/tests/test_factory.py:6 string',
    ]);
    expect(cat('unified').mentions.map((m) => `${m.file}:${m.line} ${m.kind}`)).toEqual([
      'netra_backend/app/services/notes.py:4 string',
      'netra_backend/app/services/notes.py:9 string',
    ]);
    const importing = census.categories.flatMap((c) => [...c.productionFiles, ...c.testFiles]);
    expect(importing).not.toContain('netra_backend/app/services/notes.py');
  });

  it('ignores a longer module name, a string naming one, and a relative import above the top package', () => {
    const all = census.categories.flatMap((c) => [...c.imports, ...c.mentions].map((s) => s.file));
    expect(all.filter((f) => f === 'netra_backend/app/services/helpers.py')).toEqual([]);
  });

  it('reports the critical integration points with the categories they import', () => {
    expect(census.integrationPoints).toEqual([
      { path: 'netra_backend/app/smd.py', file: 'netra_backend/app/smd.py', categories: ['canonical'] },
      {
        path: 'netra_backend/app/dependencies.py',
        file: 'netra_backend/app/dependencies.py',
        categories: ['canonical', 'compat'],
      },
      {
        path: 'netra_backend/app/agents/supervisor/user_execution_engine.py',
        file: 'netra_backend/app/agents/supervisor/user_execution_engine.py',
        categories: ['canonical'],
      },
    ]);
  });

  it('resolves relative imports from the package the scanned folder is in', async () => {
    const sub = await runImportCensus({ dir: `${FIXTURE}netra_backend/app/core`, settings: resolveCensusOptions() });
    expect(sub.package).toBe('netra_backend.app.core');
    const compat = sub.categories.find((c) => c.name === 'compat')!;
    expect(compat.productionFiles).toEqual(['managers/registry.py']);
    expect(sub.integrationPoints.every((p) => p.file === undefined)).toBe(true);
  });

  it('takes categories and test paths as data', async () => {
    const other = await runImportCensus({
      dir: FIXTURE,
      settings: resolveCensusOptions({
        categories: [{ name: 'typing', module: 'typing', names: ['TYPE_CHECKING'] }],
        testPaths: ['scripts/**'],
      }),
    });
    expect(other.categories.map((c) => [c.name, c.productionFiles])).toEqual([
      ['typing', ['netra_backend/app/dependencies.py']],
    ]);
    expect(other.files).toMatchObject({ test: 1, production: 25 });
  });

  it('says how to fix a folder that does not exist', async () => {
    await expect(runImportCensus({ dir: `${FIXTURE}nope`, settings: resolveCensusOptions() })).rejects.toMatchObject({
      code: 'GOLDPATH_IMPORTS_NO_DIR',
      exitCode: 2,
    });
  });
});
