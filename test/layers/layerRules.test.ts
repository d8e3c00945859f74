import { spawn } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CHECK_LAYERS = join(ROOT, 'lint/checkLayers.mjs');
const DEADLINE_MS = 60_000;

interface LayerRule {
  name: string;
  comment: string;
}
const config = createRequire(import.meta.url)('../../lint/dependency-cruiser.cjs') as { forbidden: LayerRule[] };

/** Runs `npm run layers`' script in `cwd` (it checks the folders it finds there). */
function checkLayers(cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHECK_LAYERS], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const started = Date.now();
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `lint/checkLayers.mjs in ${cwd} did not finish after ${Date.now() - started} ms (deadline ${DEADLINE_MS} ms)`,
        ),
      );
    }, DEADLINE_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Forbidden imports, one per kind of rule, each in a module of its own. */
const PROBES: Record<string, string> = {
  // type-only: the parser must see `import type` too
  'harness/checks/probeConfig.ts':
    "import type { GoldpathConfig } from '../config/GoldpathConfig.ts';\nexport type Probe = GoldpathConfig;\n",
  'harness/report/probeSocket.ts': "import { WebSocket } from 'ws';\nexport const probe = WebSocket;\n",
  'harness/baseline/probeProcess.ts': "import { spawn } from 'node:child_process';\nexport const probe = spawn;\n",
  'contracts/probeHarness.ts': "import { log } from '../harness/common/log.ts';\nexport const probe = log;\n",
  'reference/probeHarness.ts': "import { log } from '../harness/common/log.ts';\nexport const probe = log;\n",
  'harness/imports/probeTest.ts':
    "import { canary } from '../checks/testing/historyBuilder.ts';\nexport const probe = canary;\n",
  'harness/common/probeConfig.ts':
    "import { GoldpathConfig } from '../config/GoldpathConfig.ts';\nexport const probe = GoldpathConfig;\n",
  'harness/recorder/probeClient.ts':
    "import { SimulatedUser } from '../client/SimulatedUser.ts';\nexport const probe = SimulatedUser;\n",
  'harness/msw/probeTargets.ts':
    "import { startTarget } from '../targets/index.ts';\nexport const probe = startTarget;\n",
  'test/backends/probeContracts.ts':
    "import { FINDING_CODES } from '../../contracts/index.ts';\nexport const probe = FINDING_CODES;\n",
  'harness/targets/probeRunner.ts': "import { test } from '../runner/fixtures/test.ts';\nexport const probe = test;\n",
  'harness/runner/probeCli.ts': "import { main } from '../cli/main.ts';\nexport const probe = main;\n",
  'contracts/probeCycleA.ts': "import { b } from './probeCycleB.ts';\nexport const a = (): number => b() + 1;\n",
  'contracts/probeCycleB.ts': "import { a } from './probeCycleA.ts';\nexport const b = (): number => a() - 1;\n",
};

const EXPECTED = [
  'no-circular: contracts/probeCycleA.ts → contracts/probeCycleB.ts → contracts/probeCycleA.ts',
  'contracts-import-nothing-of-ours: contracts/probeHarness.ts → harness/common/log.ts',
  'pure-rooms-import-only-contracts: harness/checks/probeConfig.ts → harness/config/GoldpathConfig.ts',
  'pure-rooms-use-no-sockets-or-processes: harness/report/probeSocket.ts → node_modules/ws/wrapper.mjs',
  'pure-rooms-use-no-sockets-or-processes: harness/baseline/probeProcess.ts → child_process',
  'only-runner-cli-targets-start-processes: harness/baseline/probeProcess.ts → child_process',
  'reference-imports-only-contracts: reference/probeHarness.ts → harness/common/log.ts',
  'code-never-imports-tests: harness/imports/probeTest.ts → harness/checks/testing/historyBuilder.ts',
  'common-imports-only-contracts: harness/common/probeConfig.ts → harness/config/GoldpathConfig.ts',
  'client-and-recorder-know-no-config-or-runner: harness/recorder/probeClient.ts → harness/client/SimulatedUser.ts',
  'msw-imports-no-runner-targets-or-config: harness/msw/probeTargets.ts → harness/targets/index.ts',
  'test-backends-import-nothing-of-ours: test/backends/probeContracts.ts → contracts/index.ts',
  'only-the-top-imports-the-runner: harness/targets/probeRunner.ts → harness/runner/fixtures/test.ts',
  'nothing-imports-the-cli: harness/runner/probeCli.ts → harness/cli/main.ts',
  // each probe is also a module nothing reaches (tests, test/ among them, need not be reached)
  ...Object.keys(PROBES)
    .filter((file) => !file.startsWith('test/'))
    .map((file) => `no-unreachable-modules: ${file}`),
];

/** The violations of an `err` report, one "rule: from → to" line each (a cycle's path is wrapped over lines). */
function violations(output: string): string[] {
  return [...output.matchAll(/^ {2}error (.+(?:\n {6}.+)*)/gm)].map((m) => (m[1] ?? '').replace(/\s+/g, ' ').trim());
}

let copy: string;
let onTree: ReturnType<typeof checkLayers>;
let onCopy: ReturnType<typeof checkLayers>;

beforeAll(async () => {
  copy = await mkdtemp(join(tmpdir(), 'goldpath-layers-'));
  // the tree as it is, without what the rules never read
  const skip = /^(node_modules|\.git|dist|reports|test-results|playwright-report|\.tmp)(\/|$)|\/node_modules(\/|$)/;
  await cp(ROOT, copy, { recursive: true, filter: (source) => !skip.test(relative(ROOT, source)) });
  await symlink(join(ROOT, 'node_modules'), join(copy, 'node_modules'), 'dir');
  for (const [file, text] of Object.entries(PROBES)) {
    await mkdir(dirname(join(copy, file)), { recursive: true });
    await writeFile(join(copy, file), text);
  }
  onTree = checkLayers(ROOT);
  onCopy = checkLayers(copy);
}, DEADLINE_MS);

afterAll(async () => {
  await Promise.allSettled([onTree, onCopy]);
  await rm(copy, { recursive: true, force: true });
});

describe('npm run layers', () => {
  it('passes on the tree', async () => {
    const { code, output } = await onTree;
    expect(violations(output)).toEqual([]);
    expect(output).toContain('no dependency violations found');
    expect(code).toBe(0);
  });

  it('fails on the tree plus one forbidden import of each kind, naming the rule and both modules', async () => {
    const { code, output } = await onCopy;
    expect(violations(output).sort()).toEqual([...EXPECTED].sort());
    expect(code).toBe(1);
    // every rule is seen to fire
    expect(new Set(violations(output).map((line) => line.split(':')[0]))).toEqual(
      new Set(config.forbidden.map((rule) => rule.name)),
    );
  });
});

describe('docs/architecture.md', () => {
  it('lists exactly the rules that lint/dependency-cruiser.cjs enforces, with the same words', async () => {
    const doc = await readFile(join(ROOT, 'docs/architecture.md'), 'utf8');
    const section = doc.split(/^## /m).find((s) => s.startsWith('The one-way rules')) ?? '';
    // a rule is a list item "- `name`: comment", its comment possibly wrapped onto indented lines
    const listed = [...section.matchAll(/^- `([^`]+)`: ((?:.|\n {2}(?! ))+)/gm)].map((m) => ({
      name: m[1],
      comment: (m[2] ?? '').replace(/\n {2}/g, ' '),
    }));
    expect(listed).toEqual(config.forbidden.map((rule) => ({ name: rule.name, comment: rule.comment })));
  });
});
