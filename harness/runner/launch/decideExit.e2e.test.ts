import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { Summary } from '../../../contracts/index.ts';
import { runSuite } from './runSuite.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
// inside the repository, so the spec files resolve @playwright/test from its node_modules
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const work = mkdtempSync(join(ROOT, '.tmp', 'exit-codes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const SPECS = {
  clean: `import { test } from '@playwright/test';\ntest('first', async () => {});\ntest('second', async () => {});\n`,
  broken: `import { test } from '@playwright/test';\nimport '../no-such-module.ts';\ntest('never loads', async () => {});\n`,
  slow: `import { test } from '@playwright/test';\nfor (const n of [1, 2, 3]) test(\`slow \${n}\`, async () => { await new Promise((r) => setTimeout(r, 3000)); });\n`,
  crash: `import { test } from '@playwright/test';\ntest('kills its worker', async () => { process.exit(0); });\ntest('runs after the crash', async () => {});\n`,
  skipped: `import { test } from '@playwright/test';\ntest('skipped one', async () => { test.skip(true, 'not here'); });\ntest.skip('skipped two', async () => {});\n`,
  failFirst: `import { expect, test } from '@playwright/test';\ntest('fails first', async () => { expect(1).toBe(2); });\ntest('never reached a', async () => {});\ntest('never reached b', async () => {});\n`,
  // a usage error met inside a worker (more users than static tokens): its kind travels as data to exit 2
  staticUsers: `import { test } from '${ROOT}/harness/runner/fixtures/test.ts';\ntest('wants two static users', async ({ users }) => { users.create(2); });\n`,
  teardown: `import { test as base } from '@playwright/test';\nconst test = base.extend<{}, { broken: void }>({ broken: [async ({}, use) => { await use(); throw new Error('worker teardown broke'); }, { scope: 'worker', auto: true }] });\ntest('passes', async () => {});\n`,
} as const;

/** A scenario folder holding the given spec files. */
function suite(name: string, files: Partial<Record<keyof typeof SPECS, true>>): string {
  const dir = join(work, name, 'scenarios');
  mkdirSync(dir, { recursive: true });
  for (const file of Object.keys(files) as (keyof typeof SPECS)[])
    writeFileSync(join(dir, `${file}.spec.ts`), SPECS[file]);
  return dir;
}

/** `goldpath run` as a user types it; returns the exit code, the last line printed and summary.json. */
function goldpathRun(
  scenarioDir: string,
  args: string[] = [],
  env: Record<string, string> = {},
): Promise<{ code: number | null; last: string; summary: Summary }> {
  const out = join(dirname(scenarioDir), 'report');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [join(ROOT, 'bin/goldpath.mjs'), 'run', '--project', 'protocol', '--workers', '1', '--out', out, ...args],
      {
        cwd: ROOT,
        env: { ...process.env, CI: '', GOLDPATH_SCENARIO_DIR: scenarioDir, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = output.split('\n').filter((l) => l.trim() !== '');
      resolvePromise({
        code,
        last: lines[lines.length - 1] ?? '',
        summary: Summary.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))),
      });
    });
  });
}

describe('goldpath run exit codes that cannot lie', () => {
  it('exits 0 with the count on the last line when every listed scenario ran and passed', async () => {
    const run = await goldpathRun(suite('clean', { clean: true }));
    expect(run.code).toBe(0);
    expect(run.last).toMatch(/^goldpath: passed: 2 of 2 scenarios; reports in /);
    expect(run.summary.result).toEqual({
      playwrightStatus: 'passed',
      listed: 2,
      finished: 2,
      errors: [],
      problems: [],
    });
    expect(run.summary.environment).not.toHaveProperty('playwrightStatus');
  }, 60_000);

  it('exits 3 naming the spec file that failed to load, though its neighbours are fine', async () => {
    const run = await goldpathRun(suite('broken', { clean: true, broken: true }));
    expect(run.code).toBe(3);
    expect(run.last).toMatch(
      /^goldpath: infrastructure error: error outside any scenario: Error: Cannot find module '\S*no-such-module\.ts' imported from \S*broken\.spec\.ts/,
    );
    expect(run.summary.status).toBe('infrastructure_error');
  }, 60_000);

  it("exits 3 when Playwright's global timeout ends the run, and lists the scenarios that never ran", async () => {
    // goldpath's own budget sets no global timeout of Playwright's; one given to Playwright directly still cannot pass
    const dir = suite('slow', { slow: true });
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (stderr.push(String(chunk)), true));
    let result: Awaited<ReturnType<typeof runSuite>>;
    try {
      result = await runSuite({
        scenarioDir: dir,
        project: ['protocol'],
        workers: 1,
        outDir: join(dirname(dir), 'report'),
        quiet: true,
        extraArgs: ['--global-timeout', '1500'],
      });
    } finally {
      spy.mockRestore();
    }
    expect(result.exitCode).toBe(3);
    expect(stderr.join('').trimEnd().split('\n').at(-1)).toMatch(
      /^goldpath: infrastructure error: .*Timed out waiting 1\.5s for the test suite to run/,
    );
    const summary = result.summary!;
    expect(summary.result?.playwrightStatus).toBe('timedout');
    expect(summary.result?.problems).toContain(
      "Playwright's global timeout ended the run before every scenario finished",
    );
    expect(summary.result?.problems).toContain('3 of 3 listed scenarios did not run (first: "slow 1")');
    expect(summary.scenarios.map((s) => s.status)).toEqual(['interrupted', 'interrupted', 'interrupted']);
    expect(summary.scenarios[1]?.error).toBe(
      "did not run: Playwright's global timeout ended the run before it started",
    );
  }, 60_000);

  it('exits 3 when a scenario kills its worker process, not 1 as if the backend had failed it', async () => {
    const run = await goldpathRun(suite('crash', { crash: true }));
    expect(run.code).toBe(3);
    expect(run.last).toMatch(
      /^goldpath: infrastructure error: the worker process running "kills its worker" died: worker process exited unexpectedly \(code=0, signal=null\)/,
    );
  }, 60_000);

  it('exits 3 when every listed scenario was skipped: nothing was tested', async () => {
    const run = await goldpathRun(suite('skipped', { skipped: true }));
    expect(run.code).toBe(3);
    expect(run.last).toMatch(
      /^goldpath: infrastructure error: no scenario ran: all 2 listed were skipped \(first: not here\); reports in /,
    );
  }, 60_000);

  it('exits 2 when --scenario matches nothing, and says so last', async () => {
    const run = await goldpathRun(suite('nomatch', { clean: true }), ['--scenario', 'nothing*matches']);
    expect(run.code).toBe(2);
    expect(run.last).toBe(
      'goldpath: no scenario matched --scenario nothing*matches: list them with `npx playwright test --list`',
    );
  }, 60_000);

  it('exits 3 when Playwright reports an error outside every scenario although all of them passed', async () => {
    const run = await goldpathRun(suite('teardown', { teardown: true }));
    expect(run.code).toBe(3);
    expect(run.summary.totals).toMatchObject({ scenarios: 1, passed: 1, failed: 0 });
    expect(run.last).toMatch(
      /^goldpath: infrastructure error: error outside any scenario: \S*teardown\.spec\.ts:2: Error: worker teardown broke; reports in /,
    );
  }, 60_000);

  it('stops after the failures --max-failures allows and exits 1, the rest counted as not run', async () => {
    const run = await goldpathRun(suite('max-failures-flag', { failFirst: true }), ['--max-failures', '1']);
    expect(run.code).toBe(1);
    expect(run.summary.result).toMatchObject({ playwrightStatus: 'failed', listed: 3, finished: 1, problems: [] });
    expect(run.last).toMatch(
      /^goldpath: 1 of 3 scenarios failed, then the run stopped early: 2 did not run; reports in /,
    );
  }, 60_000);

  it('exits 2 for a usage error met in a worker, with its code on the last line', async () => {
    const dir = join(work, 'static-config');
    mkdirSync(dir, { recursive: true });
    const b64 = (o: object): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const token = `${b64({ alg: 'HS256' })}.${b64({ sub: 'alice' })}.sig`;
    const config = join(dir, 'goldpath.config.mjs');
    writeFileSync(config, `export default { auth: { kind: 'static', tokens: { alice: '${token}' } } };\n`);
    const run = await goldpathRun(suite('static-users', { staticUsers: true }), ['--config', config]);
    expect(run.code).toBe(2);
    expect(run.summary.scenarios[0]?.failure).toEqual({
      kind: 'usage',
      code: 'GOLDPATH_STATIC_TOKENS_EXHAUSTED',
      message: 'auth.tokens has 1 users, the scenario wants user 2: add tokens or lower --users.',
    });
    expect(run.last).toBe(
      'goldpath: usage error: auth.tokens has 1 users, the scenario wants user 2: add tokens or lower --users. [GOLDPATH_STATIC_TOKENS_EXHAUSTED]',
    );
  }, 60_000);

  it('exits 1 when --max-failures stops the run after a failure it asked for, counting what did not run', async () => {
    const dir = suite('max-failures', { failFirst: true });
    const result = await runSuite({
      scenarioDir: dir,
      project: ['protocol'],
      workers: 1,
      outDir: join(dirname(dir), 'report'),
      quiet: true,
      extraArgs: ['--max-failures', '1'],
    });
    expect(result.exitCode).toBe(1);
    expect(result.summary?.result).toMatchObject({ playwrightStatus: 'failed', listed: 3, finished: 1, problems: [] });
    // with room for more failures every listed scenario runs
    const again = await runSuite({
      scenarioDir: dir,
      project: ['protocol'],
      workers: 1,
      outDir: join(dirname(dir), 'report-2'),
      quiet: true,
      extraArgs: ['--max-failures', '5'],
    });
    expect(again.exitCode).toBe(1);
    expect(again.summary?.result).toMatchObject({ listed: 3, finished: 3 });
  }, 60_000);
});
