import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Summary } from '../../../contracts/index.ts';
import { runSuite } from '../runSuite.ts';

const dirs: string[] = [];
async function outDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'goldpath-browser-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('the browser project against the embedded reference backend', () => {
  it('runs every browser scenario in Chromium and exits 0 with no findings', async () => {
    const out = await outDir();
    const result = await runSuite({ project: ['browser'], outDir: out, quiet: true, timeoutMs: 180_000 });
    expect(result.exitCode).toBe(0);
    const summary = Summary.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(summary.totals.scenarios).toBe(4);
    expect(summary.totals.findings).toBe(0);
    expect(summary.scenarios.every((s) => s.project === 'browser')).toBe(true);
    const concurrent = summary.scenarios.find((s) => s.name.startsWith('concurrent browser users'));
    expect(concurrent?.users).toBe(10);
  }, 180_000);

  it('exits 1 with isolation findings and the DOM probe naming the users when the backend shares one emitter', async () => {
    const out = await outDir();
    const result = await runSuite({ project: ['browser'], defects: ['shared-emitter'], scenario: 'concurrent browser users*', outDir: out, quiet: true, timeoutMs: 180_000 });
    expect(result.exitCode).toBe(1);
    expect(result.summary?.findingsByCode['isolation.foreign_canary']).toBeGreaterThan(0);
    const error = result.summary?.scenarios[0]?.error ?? '';
    expect(error).toMatch(/DOM canary probe: \d+ foreign canar(y|ies) displayed on the pages of gp[0-9a-f]{6}-b\d{4}/);
    expect(error).toMatch(/the page of user gp[0-9a-f]{6}-b\d{4} displays canary GPC-[0-9a-f]{16} of user gp[0-9a-f]{6}-b\d{4}/);
  }, 180_000);
});
