/**
 * Suite-level proofs: `goldpath run --config <file>` (the real CLI, as a separate process) drives the golden-path
 * scenario against a url, a process and a container target; and two shards merged give the verdict of one run.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Summary } from '../../contracts/Summary.ts';
import { containerEngineReady } from './containerEngineForTests.testkit.ts';
import { REFERENCE_COMMAND, REFERENCE_READY_LOG, REPO_ROOT, startReferenceCli } from './referenceCli.testkit.ts';

const SECRET = 'e2e-secret';
const GOLDEN = 'golden path for one user';
const work = mkdtempSync(join(tmpdir(), 'goldpath-e2e-'));

/** Runs the goldpath CLI in a child process; resolves its exit code and output. */
function goldpath(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/goldpath.mjs', ...args],
      { cwd: REPO_ROOT, timeout: 150_000, env: { ...process.env, GOLDPATH_WORKERS: '1' } },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 99) : 0, output: `${stdout}${stderr}` });
      },
    );
  });
}

function writeConfig(name: string, config: unknown): string {
  const file = join(work, `${name}.config.mjs`);
  writeFileSync(file, `export default ${JSON.stringify(config, null, 2)};\n`);
  return file;
}

function summaryOf(dir: string): Summary {
  return JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
}

async function runGolden(name: string, config: unknown): Promise<Summary> {
  const out = join(work, name);
  const { code, output } = await goldpath([
    'run',
    '--config',
    writeConfig(name, config),
    '--scenario',
    GOLDEN,
    '--workers',
    '1',
    '--out',
    out,
    '--quiet',
  ]);
  expect(code, output).toBe(0);
  const summary = summaryOf(out);
  expect(summary.status).toBe('passed');
  expect(summary.totals).toMatchObject({ scenarios: 1, passed: 1, failed: 0 });
  // The pipeline's sub-agents answer with the emitter's default final_response, a content-rule warning, never an error.
  expect(Object.keys(summary.findingsByCode).filter((code) => code !== 'contract.content_rule')).toEqual([]);
  expect(summary.scenarios[0]?.name).toContain(GOLDEN);
  return summary;
}

describe('goldpath run against each target kind', { timeout: 180_000 }, () => {
  it('passes the golden path against a url target started separately on a known port', async () => {
    const backend = await startReferenceCli(SECRET);
    try {
      const summary = await runGolden('url', {
        target: { kind: 'url', wsUrl: `ws://127.0.0.1:${backend.port}/ws`, metricsPath: '/api/factory/metrics' },
        auth: { kind: 'jwt', secret: SECRET },
      });
      expect(summary.target.kind).toBe('url');
    } finally {
      await backend.stop();
    }
  });

  it('passes the golden path against the reference CLI spawned as a process target, and keeps its log', async () => {
    const summary = await runGolden('process', {
      target: {
        kind: 'process',
        command: REFERENCE_COMMAND(SECRET),
        cwd: REPO_ROOT,
        readyLog: REFERENCE_READY_LOG,
        metricsPath: '/api/factory/metrics',
      },
      auth: { kind: 'jwt', secret: SECRET },
    });
    expect(summary.target.kind).toBe('process');
    const log = readFileSync(join(work, 'process', 'target.log'), 'utf8');
    expect(log).toContain('goldpath reference listening on');
    expect(log).not.toContain(SECRET);
  });

  it('exits 3 naming the address when the url target is down', async () => {
    const { code, output } = await goldpath([
      'run',
      '--config',
      writeConfig('down', {
        target: { kind: 'url', wsUrl: 'ws://127.0.0.1:9/ws', reachTimeoutMs: 1000 },
        auth: { kind: 'jwt', secret: SECRET },
      }),
      '--scenario',
      GOLDEN,
      '--workers',
      '1',
      '--out',
      join(work, 'down'),
      '--quiet',
    ]);
    expect(code, output).toBe(3);
    expect(output).toContain('ws://127.0.0.1:9/ws');
  });

  it('passes the golden path against the reference image with Redis beside it', async (context) => {
    if (!(await containerEngineReady())) context.skip();
    const summary = await runGolden('container', {
      target: {
        kind: 'container',
        image: 'goldpath-reference:local',
        env: { GOLDPATH_SECRET: SECRET },
        readyLog: 'goldpath reference listening on',
        metricsPath: '/api/factory/metrics',
        dependencies: [
          {
            name: 'redis',
            image: 'goldpath-redis:local',
            readyLog: 'Ready to accept connections',
            exposeAs: 'REDIS_URL',
          },
        ],
      },
      auth: { kind: 'jwt', secretEnv: 'GOLDPATH_SECRET' },
    });
    expect(summary.target.kind).toBe('container');
  });
});

describe('sharding', { timeout: 300_000 }, () => {
  it('two shards merged give the verdict, totals and finding counts of one unsharded run', async () => {
    const args = (out: string, shard?: string) => [
      'run',
      '--scenario',
      'golden-path',
      '--defects',
      'drop-thinking',
      '--workers',
      '1',
      '--out',
      join(work, out),
      '--quiet',
      ...(shard ? ['--shard', shard] : []),
    ];
    const whole = await goldpath(args('whole'));
    const [shard1, shard2] = await Promise.all([goldpath(args('shard-1', '1/2')), goldpath(args('shard-2', '2/2'))]);
    const merged = await goldpath([
      'merge',
      join(work, 'shard-1'),
      join(work, 'shard-2'),
      '--out',
      join(work, 'merged'),
    ]);
    expect(whole.code, whole.output).toBe(1);
    // One shard may pass while the other fails: the merged verdict is the worst of them, as in the unsharded run.
    expect([0, 1]).toContain(shard1.code);
    expect([0, 1]).toContain(shard2.code);
    expect(Math.max(shard1.code, shard2.code)).toBe(1);
    expect(merged.code, merged.output).toBe(whole.code);
    const one = summaryOf(join(work, 'whole'));
    const two = summaryOf(join(work, 'merged'));
    expect(summaryOf(join(work, 'shard-1')).totals.scenarios).toBeGreaterThan(0);
    expect(summaryOf(join(work, 'shard-2')).totals.scenarios).toBeGreaterThan(0);
    expect(two.status).toBe(one.status);
    expect(two.totals).toEqual(one.totals);
    expect(two.findingsByCode).toEqual(one.findingsByCode);
    expect(two.scenarios.map((s) => s.name).sort()).toEqual(one.scenarios.map((s) => s.name).sort());
    for (const file of ['junit.xml', 'summary.md', 'index.html'])
      expect(existsSync(join(work, 'merged', file))).toBe(true);
    for (const history of two.scenarios.flatMap((s) => s.histories))
      expect(existsSync(join(work, 'merged', history)), history).toBe(true);
  });
});
