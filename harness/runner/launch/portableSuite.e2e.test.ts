import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Summary } from '../../../contracts/index.ts';
import { runSuite } from './runSuite.ts';
import { startNetraLikeBackend, type NetraLikeBackend } from '../../../test/backends/startNetraLikeBackend.ts';

const dirs: string[] = [];
async function outDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'goldpath-portable-'));
  dirs.push(dir);
  return dir;
}

// independent backends, written from the protocol alone: no tool directive, engine limit, metrics or resume
let backend: NetraLikeBackend;
let pipeline: NetraLikeBackend;
beforeAll(async () => {
  backend = await startNetraLikeBackend({ shape: 'bridge' });
  pipeline = await startNetraLikeBackend({ shape: 'pipeline' });
});
afterAll(async () => {
  await backend.close();
  await pipeline.close();
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const REFERENCE_ONLY: Record<string, string> = {
  'a third concurrent agent of one user is rejected by the engine limit; the first two complete':
    'the target declares no engine limit (capabilities.engineLimit)',
  'after runs, rejections and disconnects, active engines go back to zero':
    'the target declares no metrics endpoint (target.metricsPath)',
  'a run with three tools pairs every tool_executing with its tool_completed':
    'the target declares no tool directive (capabilities.toolDirective: `[tools:N]` in a request makes N tools)',
  'a user who reconnects in the middle of a run gets the rest of it on the new socket and carries on':
    'the target declares no resume of a run on reconnect (capabilities.resumeOnReconnect)',
  "naming another user's thread_id is denied, and the owner sees nothing of the intruder":
    "the target declares no thread_id on a run's events (capabilities.threadIds)",
  'an oversized message is denied, and the user carries on':
    'the target declares no message size limit (capabilities.maxMessageBytes)',
};

describe('the portable suite against a bridge-shaped backend that offers only the protocol', () => {
  it('fails no scenario and skips the reference-only ones with their reasons in summary.json, summary.md, junit.xml and index.html', async () => {
    const out = await outDir();
    const result = await runSuite({
      target: backend.wsUrl,
      secret: backend.secret,
      project: ['protocol'],
      users: 4,
      outDir: out,
      quiet: true,
      maxDurationMs: 180_000,
    });
    const summary = Summary.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(
      summary.scenarios
        .filter((s) => s.status !== 'passed' && s.status !== 'skipped')
        .map((s) => `${s.name}: ${s.error ?? ''}`),
    ).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(summary.scenarios.flatMap((s) => s.findings).filter((f) => f.severity === 'error')).toEqual([]);
    const byName = new Map(summary.scenarios.map((s) => [s.name, s]));
    for (const [name, reason] of Object.entries(REFERENCE_ONLY)) {
      expect(byName.get(name)?.status, name).toBe('skipped');
      expect(byName.get(name)?.skipReason, name).toBe(reason);
    }
    expect(summary.totals.passed).toBeGreaterThanOrEqual(9);
    expect(summary.totals.skipped).toBe(summary.scenarios.length - summary.totals.passed);
    // what ran was not fully checked: there are no factory metrics, and every report says so
    expect(byName.get('golden path for one user: the five events, in order, only for them')?.notChecked).toEqual([
      { check: 'resources', reason: 'the target declares no metrics endpoint (target.metricsPath)' },
    ]);
    const md = readFileSync(join(out, 'summary.md'), 'utf8');
    const junit = readFileSync(join(out, 'junit.xml'), 'utf8');
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    for (const [name, text] of [
      ['summary.md', md],
      ['junit.xml', junit],
      ['index.html', html],
    ] as const) {
      expect(text, name).toContain('skipped: the target declares no engine limit (capabilities.engineLimit)');
      expect(text, name).toContain(
        'not checked: resources: the target declares no metrics endpoint (target.metricsPath)',
      );
    }
  }, 180_000);

  it('runs a scenario once its capability is declared: a close with 1009 passes as the declared denial, an engine limit the backend lacks fails', async () => {
    const out = await outDir();
    const configFile = join(out, 'goldpath.config.mjs');
    // a metrics path the backend does not serve: the metrics cannot be read, and the reports say so
    const config = {
      target: { kind: 'url', wsUrl: backend.wsUrl, metricsPath: '/no-metrics-here' },
      auth: { kind: 'jwt', secret: backend.secret },
      capabilities: { maxMessageBytes: 8192, closeCodes: { messageTooLarge: 1009 }, engineLimit: 2 },
    };
    await writeFile(configFile, `export default ${JSON.stringify(config)};\n`);
    const result = await runSuite({
      configFile,
      project: ['protocol'],
      scenario: 'oversized|engine limit',
      outDir: out,
      quiet: true,
      maxDurationMs: 120_000,
    });
    expect(result.exitCode).toBe(1);
    const byName = new Map(result.summary!.scenarios.map((s) => [s.name, s]));
    const oversized = byName.get('an oversized message is denied, and the user carries on');
    expect(oversized?.status).toBe('passed');
    expect(oversized?.notChecked).toEqual([
      {
        check: 'resources',
        reason: `reading the metrics of url ${backend.wsUrl} failed: GET ${backend.httpUrl}/no-metrics-here answered 404`,
      },
    ]);
    const limit = byName.get(
      'a third concurrent agent of one user is rejected by the engine limit; the first two complete',
    );
    expect(limit?.status).toBe('failed');
    // counted on the wire: this backend has no metrics
    expect(limit?.findingsByCode).toEqual({ 'resources.limit_rejections_mismatch': 1 });
    expect(limit?.error).toContain('runs completed of 3 sent at once');
  }, 120_000);

  it('accepts the real thread-access denial, {"type":"error","message":…} without a code, once the pipeline\'s thread ids are declared', async () => {
    const out = await outDir();
    const configFile = join(out, 'goldpath.config.mjs');
    await writeFile(
      configFile,
      `export default ${JSON.stringify({ target: { kind: 'url', wsUrl: pipeline.wsUrl }, auth: { kind: 'jwt', secret: pipeline.secret }, capabilities: { threadIds: true } })};\n`,
    );
    const result = await runSuite({
      configFile,
      project: ['protocol'],
      scenario: 'thread',
      outDir: out,
      quiet: true,
      maxDurationMs: 120_000,
    });
    expect(result.summary!.scenarios.map((s) => [s.name, s.status, s.error])).toEqual([
      ['a follow-up user_message in the same thread starts a new run there', 'passed', undefined],
      ["naming another user's thread_id is denied, and the owner sees nothing of the intruder", 'passed', undefined],
    ]);
    expect(result.exitCode).toBe(0);

    // declared with a code the backend does not send, the same denial is not the declared one
    const strictFile = join(out, 'strict.config.mjs');
    await writeFile(
      strictFile,
      `export default ${JSON.stringify({ target: { kind: 'url', wsUrl: pipeline.wsUrl }, auth: { kind: 'jwt', secret: pipeline.secret }, capabilities: { threadIds: true, errorCodes: { threadAccess: 'THREAD_ACCESS_DENIED' } } })};\n`,
    );
    const strict = await runSuite({
      configFile: strictFile,
      project: ['protocol'],
      scenario: 'thread_id is denied',
      outDir: await outDir(),
      quiet: true,
      maxDurationMs: 120_000,
    });
    expect(strict.exitCode).toBe(1);
    expect(strict.summary!.scenarios[0]?.error).toContain(
      'start_agent in another user\'s thread: expected an error frame with error_code THREAD_ACCESS_DENIED (capabilities.errorCodes.threadAccess), received {"by":"error","message":"Access denied to thread"}',
    );
  }, 120_000);
});
