import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveCensusOptions } from './resolveCensusOptions.ts';
import { runImportCensus } from './runImportCensus.ts';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'goldpath-census-threads-'));
  await mkdir(join(root, 'app', 'tests'), { recursive: true });
  // 1,000 files to parse, in 10 chunks for the workers: by i % 4 compat, canonical in a
  // function, a unified mention, a unified import; every tenth file is a test (so only compat and mention files are)
  for (let i = 0; i < 1000; i++) {
    const body = [
      'from netra_backend.app.core.managers.execution_engine_factory import ExecutionEngineFactory\n',
      'def f():\n    from netra_backend.app.agents.supervisor.execution_engine_factory import get_execution_engine_factory\n',
      '"""netra_backend.app.agents.execution_engine_unified_factory is gone"""\n',
      'import netra_backend.app.agents.execution_engine_unified_factory as u\n',
    ][i % 4]!;
    await writeFile(join(root, 'app', i % 10 === 0 ? 'tests' : '', `m${i}.py`), body);
  }
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('the census on worker threads', () => {
  it('counts exactly what the census on one thread counts, in the same order', async () => {
    const one = await runImportCensus({ dir: root, settings: resolveCensusOptions(), threads: 1 });
    const two = await runImportCensus({ dir: root, settings: resolveCensusOptions(), threads: 2 });
    expect(two.categories).toEqual(one.categories);
    expect(two.files).toEqual(one.files);
    expect(
      one.categories.map((c) => [c.name, c.productionFiles.length, c.testFiles.length, c.mentionFiles.length]),
    ).toEqual([
      ['canonical', 250, 0, 0],
      ['compat', 200, 50, 0],
      ['unified', 250, 0, 250],
    ]);
  }, 60_000);
});
