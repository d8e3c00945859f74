import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, expect, test, vi } from 'vitest';
import { createClientPool } from '../testing/connectTestClient.ts';
import { registerReferenceCommand, runReferenceCommand, type ReferenceCommandIo } from './referenceCommand.ts';

const pool = createClientPool();
afterEach(() => {
  expect(pool.closeAll()).toEqual([]);
  vi.restoreAllMocks();
});

const LISTENING = /^goldpath reference listening on (http:\/\/127\.0\.0\.1:(\d+))$/m;

function scriptedIo() {
  const lines: string[] = [];
  let stop: (signal: string) => void = () => {};
  const io: ReferenceCommandIo = {
    out: (line) => lines.push(line),
    err: (line) => lines.push(`ERR ${line}`),
    untilStopSignal: () => new Promise((resolve) => (stop = resolve)),
  };
  return { io, lines, stop: (signal: string) => stop(signal) };
}

test('prints its URLs, the secret and a token command, serves until stopped, then exits 0', async () => {
  vi.spyOn(process, 'emitWarning').mockImplementation(() => {});
  const { io, lines, stop } = scriptedIo();
  const exit = runReferenceCommand(
    {
      port: 0,
      host: '127.0.0.1',
      factoryPath: 'unified',
      agentShape: 'single',
      seed: 3,
      latencyMs: 0,
      secret: 'cli-test-secret-0001',
    },
    io,
  );
  const deadline = Date.now() + 5000;
  while (!lines.some((line) => LISTENING.test(line))) {
    if (Date.now() > deadline) throw new Error(`no listening line after 5000 ms; printed: ${lines.join(' | ')}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const httpUrl = LISTENING.exec(lines.join('\n'))?.[1] as string;
  expect(lines).toContain('  signing secret: cli-test-secret-0001');
  expect(
    lines.some((line) => line.includes("npx tsx reference/cli/signToken.ts --secret 'cli-test-secret-0001' --user")),
  ).toBe(true);
  const client = await pool.connect(
    { httpUrl, wsUrl: `${httpUrl.replace('http', 'ws')}/ws`, secret: 'cli-test-secret-0001' },
    { userId: 'user-cli-00001' },
  );
  const run = await client.runGoldenPath('via the cli');
  expect(run.at(-1)?.type).toBe('agent_completed');
  expect(lines.some((line) => line.includes('agent shape: single'))).toBe(true);
  expect(new Set(run.map((frame) => frame['agent_name'])).size).toBe(1);
  stop('SIGINT');
  expect(await exit).toBe(0);
  expect(lines.at(-1)).toBe('goldpath reference stopped (SIGINT)');
});

test('registers `reference` on a commander program with the documented flags', () => {
  const program = new Command('goldpath');
  const command = registerReferenceCommand(program);
  expect(command.name()).toBe('reference');
  expect(command.options.map((option) => option.long)).toEqual([
    '--port',
    '--host',
    '--secret',
    '--factory-path',
    '--agent-shape',
    '--defects',
    '--seed',
    '--latency-ms',
    '--list-defects',
  ]);
});

test('exits 2 with the known defects listed when a defect is unknown', async () => {
  const { io, lines } = scriptedIo();
  expect(
    await runReferenceCommand(
      {
        port: 0,
        host: '127.0.0.1',
        factoryPath: 'canonical',
        agentShape: 'pipeline',
        seed: 1,
        latencyMs: 0,
        defects: 'drop-thinkin',
      },
      io,
    ),
  ).toBe(2);
  expect(lines[0]).toMatch(
    /^ERR goldpath reference: Unknown defect "drop-thinkin": expected one of singleton-router, .* \[REFERENCE_DEFECT_INVALID\]$/,
  );
});

test('exits 2 naming the rule when a pipeline-only defect is asked of the single shape', async () => {
  const { io, lines } = scriptedIo();
  expect(
    await runReferenceCommand(
      {
        port: 0,
        host: '127.0.0.1',
        factoryPath: 'canonical',
        agentShape: 'single',
        seed: 1,
        latencyMs: 0,
        defects: 'shared-agent-state',
      },
      io,
    ),
  ).toBe(2);
  expect(lines[0]).toBe(
    'ERR goldpath reference: Defect shared-agent-state needs the supervisor pipeline: use agentShape "pipeline" (the default), or drop it. [REFERENCE_DEFECT_INVALID]',
  );
});

test('runs as its own process, announces the listening line and stops cleanly on SIGTERM', async () => {
  const script = fileURLToPath(new URL('./runReference.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, '--port', '0', '--latency-ms', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 15_000;
    while (!LISTENING.test(output)) {
      if (Date.now() > deadline) throw new Error(`no listening line after 15000 ms; output: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const httpUrl = LISTENING.exec(output)?.[1] as string;
    expect((await fetch(`${httpUrl}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`no exit 5000 ms after SIGTERM; output: ${output}`)), 5000),
      ),
    ]);
    expect(code).toBe(0);
    expect(output).toContain('goldpath reference stopped (SIGTERM)');
  } finally {
    child.kill('SIGKILL');
  }
});
