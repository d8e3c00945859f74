import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Summary } from '../../../contracts/index.ts';
import { startNetraLikeBackend } from '../../../test/backends/startNetraLikeBackend.ts';
import { runSuite } from '../launch/runSuite.ts';
import { chromiumForTests } from './chromiumForTests.testkit.ts';

const dirs: string[] = [];
async function outDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'goldpath-browser-'));
  dirs.push(dir);
  return dir;
}

afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const chromiumReady = await chromiumForTests();
const SHARED_EMITTER = 'the DOM canary probe names the users when a shared emitter streams every run to one page';

describe.skipIf(!chromiumReady)('the browser project against the embedded reference backend', () => {
  it('runs every browser scenario in Chromium and exits 0 with no findings; the defect probe waits for its defect', async () => {
    const out = await outDir();
    const result = await runSuite({ project: ['browser'], outDir: out, quiet: true, maxDurationMs: 180_000 });
    expect(result.exitCode).toBe(0);
    const summary = Summary.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(summary.totals.scenarios).toBe(4);
    // content rules (a short final_response) are warnings; nothing else may be found
    expect(summary.scenarios.flatMap((s) => s.findings).filter((f) => f.severity === 'error')).toEqual([]);
    expect(summary.scenarios.every((s) => s.project === 'browser')).toBe(true);
    expect(summary.scenarios.filter((s) => s.status === 'skipped').map((s) => [s.name, s.skipReason])).toEqual([
      [
        SHARED_EMITTER,
        'the target is not the reference backend with defect shared-emitter switched on (capabilities.referenceDefects)',
      ],
    ]);
    const concurrent = summary.scenarios.find((s) => s.name.startsWith('concurrent browser users'));
    expect(concurrent?.users).toBe(10);
  }, 180_000);

  it('exits 1 with isolation findings and the DOM probe naming the users when the backend shares one emitter', async () => {
    const out = await outDir();
    const result = await runSuite({
      project: ['browser'],
      defects: ['shared-emitter'],
      scenario: 'concurrent browser users*',
      outDir: out,
      quiet: true,
      maxDurationMs: 180_000,
    });
    expect(result.exitCode).toBe(1);
    expect(result.summary?.findingsByCode['isolation.foreign_canary']).toBeGreaterThan(0);
    const error = result.summary?.scenarios[0]?.error ?? '';
    expect(error).toMatch(/DOM canary probe: \d+ foreign canar(y|ies) displayed on the pages of gp[0-9a-f]{6}-b\d{4}/);
    expect(error).toMatch(
      /the page of user gp[0-9a-f]{6}-b\d{4} displays canary GPC-[0-9a-f]{16} of user gp[0-9a-f]{6}-b\d{4}/,
    );
  }, 180_000);

  it("proves the DOM probe on the run's own target when that target has the shared emitter switched on", async () => {
    const out = await outDir();
    const result = await runSuite({
      project: ['browser'],
      defects: ['shared-emitter'],
      scenario: 'DOM canary probe*',
      outDir: out,
      quiet: true,
      maxDurationMs: 180_000,
    });
    expect(result.summary?.scenarios.map((s) => [s.name, s.status, s.error])).toEqual([
      [SHARED_EMITTER, 'passed', undefined],
    ]);
    expect(result.exitCode).toBe(0);
    expect(result.summary?.scenarios[0]?.notChecked).toEqual([
      {
        check: 'resources',
        reason: 'the browser traffic of this scenario is recorded in its own history (shared-emitter.history.jsonl)',
      },
    ]);
  }, 180_000);
});

describe.skipIf(!chromiumReady)('the browser project against a backend that serves no chat page', () => {
  it('skips every browser scenario with what the target lacks instead of testing another backend', async () => {
    await using backend = await startNetraLikeBackend({ shape: 'bridge' });
    const result = await runSuite({
      target: backend.wsUrl,
      secret: backend.secret,
      project: ['browser'],
      outDir: await outDir(),
      quiet: true,
      maxDurationMs: 120_000,
    });
    expect(result.summary!.scenarios.map((s) => [s.name, s.status, s.skipReason]).sort()).toEqual([
      [
        'a browser user who reloads mid-run finds the conversation restored and the run finished on the new socket',
        'skipped',
        'the target declares no conversation restore after a page reload (capabilities.reloadRestore); the target declares no resume of a run on reconnect (capabilities.resumeOnReconnect)',
      ],
      [
        'concurrent browser users each see only their own run on their page',
        'skipped',
        'the target declares no chat page (capabilities.chatPage)',
      ],
      [
        'one browser user sees the golden path on the page: started, thinking, each tool, the final response',
        'skipped',
        'the target declares no chat page (capabilities.chatPage)',
      ],
      [
        SHARED_EMITTER,
        'skipped',
        'the target is not the reference backend with defect shared-emitter switched on (capabilities.referenceDefects)',
      ],
    ]);
    // declared without being served, the chat page is tested, and the scenario fails
    const out = await outDir();
    const configFile = join(out, 'chat.config.mjs');
    await writeFile(
      configFile,
      `export default ${JSON.stringify({ target: { kind: 'url', wsUrl: backend.wsUrl }, auth: { kind: 'jwt', secret: backend.secret }, capabilities: { chatPage: true } })};\n`,
    );
    const declared = await runSuite({
      configFile,
      project: ['browser'],
      scenario: 'one browser user sees',
      outDir: out,
      quiet: true,
      maxDurationMs: 120_000,
    });
    expect(declared.exitCode).toBe(1);
    expect(declared.summary!.scenarios.map((s) => s.status)).toEqual(['failed']);
    expect(declared.summary!.scenarios[0]?.error).toContain('could not open the chat page');
  }, 180_000);
});

describe('the suite on a machine where no Chromium can be launched', () => {
  const NO_BROWSER =
    /^no Chromium could be launched \(tried GOLDPATH_CHROMIUM=\/nonexistent: .*executable doesn't exist at \/nonexistent\); get one with `apt-get install chromium` or `npx playwright install chromium`, or point GOLDPATH_CHROMIUM=<path> at a Chromium$/;

  it('lists the browser scenarios as skipped with the reason and how to get a browser, and exits 0 when the rest passed', async () => {
    const out = await outDir();
    const saved = process.env.GOLDPATH_CHROMIUM;
    process.env.GOLDPATH_CHROMIUM = '/nonexistent';
    try {
      const result = await runSuite({
        scenario: 'golden path|browser',
        outDir: out,
        quiet: true,
        maxDurationMs: 180_000,
      });
      expect(result.exitCode).toBe(0);
      const browser = result.summary!.scenarios.filter((s) => s.project === 'browser' && s.name !== SHARED_EMITTER);
      expect(browser.length).toBe(3);
      for (const s of browser) {
        expect(s.status, s.name).toBe('skipped');
        expect(s.skipReason, s.name).toMatch(NO_BROWSER);
      }
      expect(
        result.summary!.scenarios.filter((s) => s.project === 'protocol' && s.status === 'passed').length,
      ).toBeGreaterThanOrEqual(1);
      expect(readFileSync(join(out, 'junit.xml'), 'utf8')).toContain(
        'skipped message="skipped: no Chromium could be launched',
      );
    } finally {
      if (saved === undefined) delete process.env.GOLDPATH_CHROMIUM;
      else process.env.GOLDPATH_CHROMIUM = saved;
    }
  }, 180_000);

  it('exits 3 naming what was tried when the browser project is asked for by name', async () => {
    const out = await outDir();
    const saved = process.env.GOLDPATH_CHROMIUM;
    process.env.GOLDPATH_CHROMIUM = '/nonexistent';
    try {
      const result = await runSuite({
        project: ['browser'],
        scenario: 'golden path',
        outDir: out,
        quiet: true,
        maxDurationMs: 120_000,
      });
      expect(result.exitCode).toBe(3);
      expect(result.summary?.status).toBe('infrastructure_error');
      expect(result.summary?.scenarios[0]?.error).toContain(
        'the browser project was asked for: no Chromium could be launched (tried GOLDPATH_CHROMIUM=/nonexistent',
      );
    } finally {
      if (saved === undefined) delete process.env.GOLDPATH_CHROMIUM;
      else process.env.GOLDPATH_CHROMIUM = saved;
    }
  }, 120_000);
});
