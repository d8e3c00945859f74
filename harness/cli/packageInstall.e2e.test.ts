import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Summary } from '../../contracts/index.ts';
import { REPO_ROOT, startReferenceCli } from '../targets/referenceCli.testkit.ts';

// goldpath as a team gets it: packed, installed into a fresh project from the npm cache, scaffolded with init, run
// with npx against `goldpath reference` started as a process of its own.

interface Ran {
  code: number;
  out: string;
}

function sh(
  command: string,
  args: string[],
  cwd: string,
  timeoutMs: number,
  env: NodeJS.ProcessEnv = {},
): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: { ...process.env, CI: '', ...env } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 99) : 0;
        resolve({ code, out: `${stdout}${stderr}` });
      },
    );
  });
}

const SECRET = 'package-install-secret';
let work = '';
let project = '';
let reference: Awaited<ReturnType<typeof startReferenceCli>> | undefined;
let wsUrl = '';
let installMs = 0;
let installStarted = 0;

async function startReference(): Promise<void> {
  const bin = join(project, 'node_modules/goldpath/bin/goldpath.mjs');
  reference = await startReferenceCli(SECRET, {
    command: process.execPath,
    args: (port) => [bin, 'reference', '--port', String(port), '--secret', SECRET],
    cwd: project,
  });
  wsUrl = `ws://127.0.0.1:${reference.port}/ws`;
}

function goldpathRun(args: string[]): Promise<Ran> {
  return sh('npx', ['goldpath', 'run', '--target', wsUrl, '--workers', '1', ...args], project, 150_000, {
    GOLDPATH_JWT_SECRET: SECRET,
  });
}

/** The run's report folder, as the last line of the run names it. */
function reportDir(out: string): string {
  const dir = /reports in (\S+)/.exec(
    out
      .split('\n')
      .filter((l) => l.includes('reports in'))
      .at(-1) ?? '',
  )?.[1];
  if (dir === undefined) throw new Error(`no report folder named in the output:\n${out}`);
  return dir;
}

async function summaryOf(out: string): Promise<Summary> {
  return Summary.parse(JSON.parse(await readFile(join(reportDir(out), 'summary.json'), 'utf8')));
}

describe('the packed goldpath in a fresh project', () => {
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'goldpath-package-'));
    const packed = await sh('npm', ['pack', '--pack-destination', work], REPO_ROOT, 120_000);
    expect(packed.code, packed.out).toBe(0);
    const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
    expect(tgz, packed.out).toBeDefined();
    project = join(work, 'team-backend');
    await mkdir(project);
    await writeFile(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'team-backend', private: true, type: 'module' }, null, 2)}\n`,
    );
    installStarted = performance.now();
    // from the npm cache only; npm asks the registry just for metadata it has not cached in full form yet
    const install = ['install', '--no-audit', '--no-fund', join(work, tgz as string), '@types/node@^20'];
    let installed = await sh('npm', [...install, '--offline'], project, 180_000);
    if (installed.code !== 0 && installed.out.includes('ENOTCACHED'))
      installed = await sh('npm', [...install, '--prefer-offline'], project, 180_000);
    expect(installed.code, installed.out).toBe(0);
    installMs = performance.now() - installStarted;
    const init = await sh('npx', ['goldpath', 'init'], project, 60_000);
    expect(init.code, init.out).toBe(0);
    expect(init.out).toContain('wrote goldpath.config.ts');
    expect(init.out).toContain('next:');
    await startReference();
  }, 400_000);

  afterAll(async () => {
    await reference?.stop();
    if (work !== '') await rm(work, { recursive: true, force: true });
  });

  it('runs the built-in golden path and the generated scenario with npx goldpath run: exit 0, each named by its file', async () => {
    const started = performance.now();
    const run = await goldpathRun(['--scenario', 'golden path*']);
    // the figure the README's quick start promises: from npm install of the tarball to the first finished run
    process.stdout.write(
      `goldpath package: npm install ${Math.round(installMs)} ms, first run ${Math.round(performance.now() - started)} ms, from npm install to the first finished run (init and goldpath reference included) ${Math.round(performance.now() - installStarted)} ms\n`,
    );
    expect(run.code, run.out).toBe(0);
    const summary = await summaryOf(run.out);
    const files = summary.scenarios.filter((s) => s.status === 'passed').map((s) => `${s.project} ${s.file}`);
    expect(files).toEqual(
      expect.arrayContaining(['protocol goldpath/scenarios/golden-path.spec.js', 'own scenarios/golden-path.spec.ts']),
    );
    const md = await readFile(join(reportDir(run.out), 'summary.md'), 'utf8');
    expect(md).toContain('- `goldpath/scenarios/golden-path.spec.js`: protocol › golden path for one user');
    expect(md).toContain('- `scenarios/golden-path.spec.ts`: own › golden path: one user gets the five events');
  }, 180_000);

  it('fails with exit 1 naming a scenario of the team that fails, and init refuses to overwrite', async () => {
    await writeFile(
      join(project, 'scenarios/refused-run.spec.ts'),
      `import { expect, test } from 'goldpath';

test('the team expects an error that never comes', async ({ users }) => {
  const [user] = await users.connect(1);
  const result = await user!.startAgent('Summarise the Q3 revenue report').completed();
  expect(result.types.at(-1)).toBe('agent_error');
});
`,
    );
    const run = await goldpathRun(['--suite', 'own', '--scenario', 'never comes']);
    expect(run.code, run.out).toBe(1);
    expect(run.out).toContain('the team expects an error that never comes');
    const summary = await summaryOf(run.out);
    expect(summary.scenarios.map((s) => [s.file, s.status])).toEqual([['scenarios/refused-run.spec.ts', 'failed']]);
    const again = await sh('npx', ['goldpath', 'init'], project, 60_000);
    expect(again.code, again.out).toBe(2);
    expect(again.out).toContain('already exist');
  }, 180_000);

  it('type-checks the generated config and scenarios against the published types', async () => {
    // the compiler goldpath itself is checked with (TypeScript's native build needs a platform package npm may not have cached)
    const tsc = await sh(
      process.execPath,
      [join(REPO_ROOT, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'],
      project,
      120_000,
    );
    expect(tsc.code, tsc.out).toBe(0);
  }, 150_000);
});
