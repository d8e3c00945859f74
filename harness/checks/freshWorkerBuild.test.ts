import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freshWorkerBuild } from './freshWorkerBuild.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

/** A source tree with a build: each file written with its modification time (seconds). */
async function tree(files: Record<string, number>): Promise<URL> {
  const dir = await mkdtemp(join(tmpdir(), 'goldpath-build-'));
  dirs.push(dir);
  for (const [path, time] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), '');
    await utimes(join(dir, path), time, time);
  }
  return pathToFileURL(`${dir}/`);
}

const entry = (root: URL) => new URL('harness/checks/checkWorker.ts', root);

describe('freshWorkerBuild', () => {
  const sources = { 'harness/checks/checkWorker.ts': 100, 'contracts/a.ts': 100, 'harness/checks/a.test.ts': 500 };
  const built = { 'dist/harness/checks/checkWorker.js': 200, 'dist/contracts/a.js': 200 };

  it('gives the built entry when every source module has a build at least as new (tests are not built)', async () => {
    const root = await tree({ ...sources, ...built });
    expect(freshWorkerBuild(entry(root), root)?.href).toBe(new URL('dist/harness/checks/checkWorker.js', root).href);
  });

  it('gives none when a source is newer than its build, a source has no build, or there is no build', async () => {
    const newer = await tree({ ...sources, ...built, 'contracts/a.ts': 300 });
    expect(freshWorkerBuild(entry(newer), newer)).toBeUndefined();
    const added = await tree({ ...sources, ...built, 'harness/b.ts': 100 });
    expect(freshWorkerBuild(entry(added), added)).toBeUndefined();
    const none = await tree(sources);
    expect(freshWorkerBuild(entry(none), none)).toBeUndefined();
  });
});
