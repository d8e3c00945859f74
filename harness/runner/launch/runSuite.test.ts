import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Summary } from '../../../contracts/index.ts';
import { main } from '../../cli/main.ts';
import { UsageError } from '../../common/GoldpathError.ts';
import { setQuiet } from '../../common/log.ts';
import { runSuite } from './runSuite.ts';

const dirs: string[] = [];
async function outDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'goldpath-run-'));
  dirs.push(dir);
  return dir;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('runSuite against the embedded reference backend', () => {
  it('runs the whole scenario suite, exits 0 and writes every report', async () => {
    const out = await outDir();
    const result = await runSuite({ users: 4, outDir: out, quiet: true, maxDurationMs: 240_000 });
    expect(result.exitCode).toBe(0);
    const summary = Summary.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(summary.status).toBe('passed');
    expect(summary.totals.scenarios).toBeGreaterThanOrEqual(15);
    // content rules (the emitter's default "Task completed") are warnings; nothing else may be found
    expect(summary.scenarios.flatMap((s) => s.findings).filter((f) => f.severity === 'error')).toEqual([]);
    expect(summary.scenarios.find((s) => s.name.startsWith('concurrent users'))?.users).toBe(4);
    // the reference declares every capability the protocol scenarios need: none is skipped, each fully checked
    expect(
      summary.scenarios
        .filter((s) => s.project === 'protocol' && (s.status === 'skipped' || s.notChecked !== undefined))
        .map((s) => s.name),
    ).toEqual([]);
    for (const file of ['junit.xml', 'summary.md', 'index.html', 'config.json', 'playwright-report/index.html']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    expect(readdirSync(join(out, 'histories')).length).toBeGreaterThanOrEqual(15);
    // the config written for the workers carries no secret
    expect(readFileSync(join(out, 'config.json'), 'utf8')).not.toMatch(/secret"\s*:/);
  }, 240_000);

  it('exits 1 with the finding code in summary.json when the backend drops agent_thinking', async () => {
    const out = await outDir();
    const result = await runSuite({
      defects: ['drop-thinking'],
      scenario: 'golden path for one user',
      outDir: out,
      quiet: true,
      maxDurationMs: 120_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.summary?.status).toBe('failed');
    expect(result.summary?.findingsByCode['completeness.missing_event_type']).toBeGreaterThan(0);
    expect(result.summary?.scenarios[0]?.failure).toMatchObject({ kind: 'finding', code: 'GOLDPATH_FINDINGS' });
    expect(readdirSync(join(out, 'histories')).length).toBe(1);
  }, 120_000);

  it('exits 3 when the target is unreachable', async () => {
    const out = await outDir();
    const result = await runSuite({
      target: `ws://127.0.0.1:${await closedPort()}/ws`,
      secret: 'not-used',
      scenario: 'golden path for one user',
      outDir: out,
      quiet: true,
      maxDurationMs: 120_000,
    });
    expect(result.exitCode).toBe(3);
    expect(result.summary?.status).toBe('infrastructure_error');
    expect(result.summary?.scenarios[0]?.failure).toMatchObject({
      kind: 'infrastructure',
      code: 'GOLDPATH_TARGET_UNREACHABLE',
    });
  }, 120_000);

  it('exits 2 when no scenario matches, and refuses a bad --users before starting anything', async () => {
    const out = await outDir();
    expect((await runSuite({ scenario: 'no-such-scenario-anywhere', outDir: out, quiet: true })).exitCode).toBe(2);
    await expect(runSuite({ users: 0, outDir: out })).rejects.toThrow(UsageError);
    setQuiet(true);
    try {
      expect(await main(['run', '--users', 'abc'])).toBe(2);
      expect(await main(['run', '--shard', '3/2'])).toBe(2);
    } finally {
      setQuiet(false);
    }
  }, 120_000);
});
