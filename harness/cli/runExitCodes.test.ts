import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from './main.ts';

let dir: string;
let err: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-exit-'));
  err = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await rm(dir, { recursive: true, force: true });
});

const lines = (): string[] => err.trimEnd().split('\n');

describe('goldpath run refuses bad input with exit 2 and one line, before anything starts', () => {
  it('exits 2 for a config file with a syntax error', async () => {
    const file = join(dir, 'goldpath.config.mjs');
    await writeFile(file, 'export default { users: 3,, };\n');
    expect(await main(['run', '--config', file, '--out', join(dir, 'out')])).toBe(2);
    expect(lines()).toHaveLength(1);
    expect(err).toMatch(
      new RegExp(
        `^goldpath: config file ${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} could not be loaded: \\w*Error: .+\\. Fix the file \\(or point --config at another one\\)\\. \\[GOLDPATH_CONFIG_LOAD_FAILED\\]\\n$`,
      ),
    );
  });

  it('exits 2 for a config file that throws', async () => {
    const file = join(dir, 'goldpath.config.mjs');
    await writeFile(file, "throw new Error('JWT_SECRET is not set');\n");
    expect(await main(['run', '--config', file, '--out', join(dir, 'out')])).toBe(2);
    expect(err).toBe(
      `goldpath: config file ${file} could not be loaded: JWT_SECRET is not set. Fix the file (or point --config at another one). [GOLDPATH_CONFIG_LOAD_FAILED]\n`,
    );
  });

  it('exits 2 for a misspelt defect when the config is parsed, naming the valid ones', async () => {
    expect(await main(['run', '--defects', 'drop-thinkin', '--out', join(dir, 'out')])).toBe(2);
    expect(err).toMatch(
      /^goldpath: invalid config:\n {2}- target\.reference\.defects \(--defects\): Unknown defect "drop-thinkin": expected one of .*\bdrop-thinking\b.*\. \[GOLDPATH_CONFIG_INVALID\]\n$/,
    );
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('exits 2 for an unknown flag', async () => {
    expect(await main(['run', '--bogus'])).toBe(2);
    expect(err).toMatch(/^error: unknown option '--bogus'\n/);
  });

  it('exits 2 for an unknown project, naming the known ones', async () => {
    expect(await main(['run', '--project', 'nosuch', '--out', join(dir, 'out')])).toBe(2);
    expect(err).toBe(
      'goldpath: unknown project "nosuch": the projects are "protocol", "browser". [GOLDPATH_UNKNOWN_PROJECT]\n',
    );
  });

  it('exits 2 once for a url target without a secret', async () => {
    const saved = process.env.GOLDPATH_SECRET;
    delete process.env.GOLDPATH_SECRET;
    try {
      expect(await main(['run', '--target', 'ws://127.0.0.1:9/ws', '--out', join(dir, 'out')])).toBe(2);
    } finally {
      if (saved !== undefined) process.env.GOLDPATH_SECRET = saved;
    }
    expect(lines()).toHaveLength(1);
    expect(err).toMatch(
      /^goldpath: auth\.secret: a url target needs the backend's HS256 secret to sign test tokens\..*\[GOLDPATH_SECRET_MISSING\]\n$/,
    );
  });
});
