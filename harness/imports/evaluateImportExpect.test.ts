import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diffCensus } from './diffCensus.ts';
import { evaluateImportExpect, unknownExpectCategories } from './evaluateImportExpect.ts';
import { resolveCensusOptions } from './resolveCensusOptions.ts';
import { runImportCensus } from './runImportCensus.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/backend/', import.meta.url));
const census = await runImportCensus({ dir: FIXTURE, settings: resolveCensusOptions(), source: 'fixture' });

describe('evaluateImportExpect', () => {
  it('fails a bound of 0 with the files that break it, and passes min/max bounds that hold', () => {
    const gate = evaluateImportExpect(census, {
      compat: { production: 0, test: 0 },
      unified: { total: { min: 5, max: 5 } },
      canonical: { production: { min: 7 } },
    });
    expect(gate.status).toBe('FAIL');
    expect(
      gate.checks.map((c) => `${c.category}.${c.scope} ${c.expected}: ${c.actual} ${c.pass ? 'ok' : 'FAIL'}`),
    ).toEqual([
      'compat.production no files: 4 FAIL',
      'compat.test no files: 0 ok',
      'unified.total 5 to 5 files: 5 ok',
      'canonical.production at least 7 files: 6 FAIL',
    ]);
    expect(gate.message).toBe(
      'imports compat.production: expected no files, received 4 (netra_backend/app/core/managers/registry.py, netra_backend/app/dependencies.py, netra_backend/app/routes/agent_route.py, and 1 more); imports canonical.production: expected at least 7 files, received 6 (netra_backend/app/agents/execution_engine_unified_factory.py, netra_backend/app/agents/supervisor/user_execution_engine.py, netra_backend/app/core/managers/execution_engine_factory.py, and 3 more)',
    );
  });

  it('passes when every bound holds, and only records a census without expectations', () => {
    expect(evaluateImportExpect(census, { compat: { production: 4 } }).status).toBe('PASS');
    expect(evaluateImportExpect(census, {}).status).toBe('RECORDED');
  });

  it('names expectations on unknown categories', () => {
    expect(unknownExpectCategories({ compta: {}, compat: {} }, census.categories)).toEqual(['compta']);
  });
});

describe('diffCensus', () => {
  it('reports a file that left a category and one that joined another', () => {
    const after = structuredClone(census);
    const compat = after.categories.find((c) => c.name === 'compat')!;
    compat.productionFiles = compat.productionFiles.filter((f) => f !== 'netra_backend/app/routes/agent_route.py');
    after.categories.find((c) => c.name === 'unified')!.productionFiles.push('netra_backend/app/smd.py');
    const diff = diffCensus(census, after);
    expect(diff.moved).toEqual([
      {
        file: 'netra_backend/app/routes/agent_route.py',
        test: false,
        from: ['canonical', 'compat'],
        to: ['canonical'],
      },
      { file: 'netra_backend/app/smd.py', test: false, from: ['canonical'], to: ['canonical', 'unified'] },
    ]);
    expect(diff.categories.map((c) => [c.name, c.added, c.removed])).toEqual([
      ['canonical', [], []],
      ['compat', [], ['netra_backend/app/routes/agent_route.py']],
      ['unified', ['netra_backend/app/smd.py'], []],
    ]);
  });
});
