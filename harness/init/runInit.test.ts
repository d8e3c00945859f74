import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../common/GoldpathError.ts';
import { runInit } from './runInit.ts';

describe('runInit', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'goldpath-init-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes config, scenario, workflow and tsconfig into an empty project and ignores reports/', async () => {
    const result = await runInit({ cwd: dir });
    expect(result.written).toEqual([
      'goldpath.config.ts',
      'scenarios/golden-path.spec.ts',
      '.github/workflows/goldpath.yml',
      'tsconfig.json',
    ]);
    expect(await readFile(join(dir, 'goldpath.config.ts'), 'utf8')).toContain("secretEnv: 'GOLDPATH_JWT_SECRET'");
    expect(await readFile(join(dir, 'scenarios/golden-path.spec.ts'), 'utf8')).toContain("from 'goldpath'");
    expect(await readFile(join(dir, '.github/workflows/goldpath.yml'), 'utf8')).toContain('npx goldpath merge');
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('reports/\n');
  });

  it('refuses when a file exists, writing nothing, and replaces it with force', async () => {
    await writeFile(join(dir, 'goldpath.config.ts'), 'export default {};\n');
    await expect(runInit({ cwd: dir })).rejects.toThrow(UsageError);
    await expect(runInit({ cwd: dir })).rejects.toThrow('goldpath.config.ts already exists; nothing was written');
    expect(existsSync(join(dir, 'scenarios'))).toBe(false);
    expect(existsSync(join(dir, '.gitignore'))).toBe(false);
    await runInit({ cwd: dir, force: true });
    expect(await readFile(join(dir, 'goldpath.config.ts'), 'utf8')).toContain('defineConfig');
  });

  it('keeps a tsconfig.json of the project and adds only missing ignore lines', async () => {
    await writeFile(join(dir, 'tsconfig.json'), '{}\n');
    await writeFile(join(dir, '.gitignore'), 'node_modules');
    const first = await runInit({ cwd: dir });
    expect(first.kept).toEqual(['tsconfig.json']);
    expect(await readFile(join(dir, 'tsconfig.json'), 'utf8')).toBe('{}\n');
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\nreports/\n');
    const again = await runInit({ cwd: dir, force: true });
    expect(again.ignored).toEqual([]);
    expect(await readFile(join(dir, '.gitignore'), 'utf8')).toBe('node_modules\nreports/\n');
  });
});
