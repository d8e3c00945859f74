// goldpath against Artillery's WebSocket engine on the same connections and requests: U users, each sending R
// start_agent requests of [tools:3] to the reference backend in a process of its own. Artillery reads one reply per
// request (processor.cjs: the engine's own `send` + `capture` cannot take a streamed reply) and drops the rest of each
// run's frames; goldpath's simulated users read, record and
// check every frame (recorder, live deadlines, then the offline checks of the history). Printed: CPU per 1,000 frames
// of each whole client process, its fixed start-up cost (a run of 1 user × 1 request) taken off, median of the rounds,
// with the load average. Artillery is installed for this benchmark only, in this folder:
//   cd bench/artillery && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --ignore-scripts
//   npm run bench:artillery [-- --users 200 --runs 25 --rounds 3]
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { signUserToken } from '../../harness/client/signUserToken.ts';
import { median } from '../median.ts';
import { spawnMeasured, type MeasuredRun } from '../spawnMeasured.ts';
import { GOLDPATH_ROOT, startReferenceProcess } from '../startReferenceProcess.ts';
import { streamClientArgs } from '../streamClientArgs.ts';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ARTILLERY = join(HERE, 'node_modules/artillery/bin/run');
const INSTALL = 'cd bench/artillery && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --ignore-scripts';
if (!existsSync(ARTILLERY)) {
  process.stderr.write(
    `bench:artillery: Artillery is not installed (it is not a dependency of goldpath); install it for this benchmark with:\n  ${INSTALL}\n`,
  );
  process.exit(3);
}

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '200' },
    runs: { type: 'string', default: '25' },
    rounds: { type: 'string', default: '3' },
    'think-ms': { type: 'string', default: '300' },
  },
});
const USERS = Number(values.users);
const RUNS = Number(values.runs);
const ROUNDS = Number(values.rounds);
const THINK_MS = Number(values['think-ms']);
for (const [name, n, max] of [
  ['--users', USERS, 5000],
  ['--runs', RUNS, 1000],
  ['--rounds', ROUNDS, 9],
  ['--think-ms', THINK_MS, 10_000],
] as const)
  if (!Number.isInteger(n) || n < 1 || n > max) {
    process.stderr.write(`bench:artillery: ${name} must be an integer from 1 to ${max}, received ${n}\n`);
    process.exit(2);
  }

const SECRET = 'goldpath-bench-artillery-secret-0123456789';
/** Frames a user receives: the welcome, then 18 per run of [tools:3] in the reference's pipeline shape. */
const FRAMES_PER_RUN = 18;
const framesOf = (users: number, runs: number): number => users * (1 + FRAMES_PER_RUN * runs);

const reference = await startReferenceProcess({ secret: SECRET });
const dir = await mkdtemp(join(tmpdir(), 'goldpath-bench-artillery-'));
let seq = 0;

interface Side {
  cpuMs: number;
  frames: number;
}

/** One Artillery run: `users` virtual users, each connecting with its own token and sending `runs` requests. */
async function artillery(users: number, runs: number): Promise<Side> {
  const round = ++seq;
  const tokens = await Promise.all(
    Array.from({ length: users }, (_, i) => signUserToken({ secret: SECRET, userId: `art-${round}-u${i}` })),
  );
  const payload = join(dir, `tokens-${round}.csv`);
  await writeFile(payload, `${tokens.join('\n')}\n`);
  const script = {
    config: {
      target: reference.wsUrl,
      phases: [{ duration: 1, arrivalCount: users }],
      payload: { path: payload, fields: ['token'], order: 'sequence' },
      processor: join(HERE, 'processor.cjs'),
      ws: { timeout: 60 },
    },
    scenarios: [
      {
        engine: 'ws',
        flow: [
          { connect: { function: 'connectWithToken' } },
          // the welcome arrives while no step reads: Artillery drops it, like every frame no step waits for
          { think: 0.2 },
          {
            loop: [{ function: 'sendAndReadOne' }, { think: THINK_MS / 1000 }],
            count: runs,
          },
          { think: 1 },
        ],
      },
    ],
  };
  const scriptPath = join(dir, `script-${round}.json`);
  const reportPath = join(dir, `report-${round}.json`);
  await writeFile(scriptPath, JSON.stringify(script));
  const run = await spawnMeasured(process.execPath, [ARTILLERY, 'run', scriptPath, '--output', reportPath], {
    cwd: HERE,
    env: { ...process.env, ARTILLERY_DISABLE_TELEMETRY: 'true', NO_COLOR: '1' },
    timeoutMs: 600_000,
  });
  if (run.code !== 0) throw new Error(`artillery exited with ${run.code}: ${(run.stderr + run.stdout).slice(-3000)}`);
  const report = JSON.parse(await readFile(reportPath, 'utf8')) as {
    aggregate: { counters: Record<string, number | undefined> };
  };
  const counters = report.aggregate.counters;
  const failed = counters['vusers.failed'] ?? 0;
  const received = counters['websocket.messages_received'] ?? 0;
  if (failed > 0 || received !== users * runs)
    throw new Error(
      `artillery: ${failed} virtual users failed, ${received} replies read for ${users * runs} requests: ${JSON.stringify(counters)}`,
    );
  return { cpuMs: run.cpuMs, frames: framesOf(users, runs) };
}

/** goldpath's simulated users on the same load: record every frame, live deadlines, then the offline checks. */
async function goldpath(users: number, runs: number): Promise<Side & { streamCpuMs: number; checkCpuMs: number }> {
  const run: MeasuredRun = await spawnMeasured(
    process.execPath,
    streamClientArgs({ side: 'goldpath', url: reference.wsUrl, secret: SECRET, users, runs }),
    { cwd: GOLDPATH_ROOT, timeoutMs: 600_000 },
  );
  if (run.code !== 0) throw new Error(`the goldpath client exited with ${run.code}: ${run.stderr.slice(-3000)}`);
  const result = JSON.parse(run.stdout.trim().split('\n').at(-1)!) as {
    events: number;
    cpuMs: number;
    checkCpuMs: number;
    failedRuns: number;
    findings: number;
  };
  if (result.failedRuns > 0 || result.findings > 0)
    throw new Error(
      `goldpath: ${result.failedRuns} failed runs, ${result.findings} findings: ${run.stdout.slice(-2000)}`,
    );
  if (result.events !== users * runs * FRAMES_PER_RUN)
    throw new Error(`goldpath received ${result.events} run events, expected ${users * runs * FRAMES_PER_RUN}`);
  return { cpuMs: run.cpuMs, frames: framesOf(users, runs), streamCpuMs: result.cpuMs, checkCpuMs: result.checkCpuMs };
}

const perK = (big: Side, small: Side): number => ((big.cpuMs - small.cpuMs) * 1000) / (big.frames - small.frames);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

try {
  process.stdout.write(
    `bench:artillery: ${USERS} users × ${RUNS} requests of [tools:3] (${framesOf(USERS, RUNS)} frames) per side, reference backend in its own process (${reference.wsUrl}); Artillery ${JSON.parse(await readFile(join(HERE, 'node_modules/artillery/package.json'), 'utf8')).version as string} thinks ${THINK_MS} ms between requests; median of ${ROUNDS} rounds; load average ${load()}\n`,
  );
  const art: number[] = [];
  const gold: number[] = [];
  const goldLive: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const sides = round % 2 === 0 ? (['artillery', 'goldpath'] as const) : (['goldpath', 'artillery'] as const);
    for (const side of sides) {
      if (side === 'artillery') {
        const small = await artillery(1, 1);
        const big = await artillery(USERS, RUNS);
        art.push(perK(big, small));
        process.stdout.write(
          `  round ${round + 1} artillery: ${big.frames} frames, process CPU ${big.cpuMs} ms (start-up run: ${small.cpuMs} ms) = ${art.at(-1)!.toFixed(1)} CPU ms / 1,000 frames; load ${loadavg()[0]!.toFixed(2)}\n`,
        );
      } else {
        const small = await goldpath(1, 1);
        const big = await goldpath(USERS, RUNS);
        gold.push(perK(big, small));
        goldLive.push((big.streamCpuMs * 1000) / big.frames);
        process.stdout.write(
          `  round ${round + 1} goldpath : ${big.frames} frames, process CPU ${big.cpuMs} ms (start-up run: ${small.cpuMs} ms) = ${gold.at(-1)!.toFixed(1)} CPU ms / 1,000 frames (of which the stream ${big.streamCpuMs.toFixed(0)} ms, the offline checks ${big.checkCpuMs.toFixed(0)} ms); load ${loadavg()[0]!.toFixed(2)}\n`,
        );
      }
    }
  }
  const a = median(art);
  const g = median(gold);
  process.stdout.write(`artillery (reads one reply per request)        : ${a.toFixed(1)} CPU ms / 1,000 frames\n`);
  process.stdout.write(
    `goldpath (records and checks every frame)      : ${g.toFixed(1)} CPU ms / 1,000 frames (live part alone ${median(goldLive).toFixed(1)})\n`,
  );
  process.stdout.write(
    `ratio goldpath / artillery: ${(g / a).toFixed(2)}× CPU per frame (aim ≤ 1.00×); load average ${load()}\n`,
  );
} finally {
  await reference.stop();
  await rm(dir, { recursive: true, force: true });
}
