// How many concurrent simulated users goldpath drives on this machine with every check on, against the reference
// backend in a process of its own, and what it costs next to bare `ws` clients at the same load. For each step N:
//   goldpath: `goldpath run` of the concurrent scenario (N users × 3 runs, split over 2 workers), all checks; exit code,
//     findings, p50/p99 request → agent_started (per worker part), peak RSS of the workers per user;
//   bare ws : 2 processes of N/2 bare clients doing the same runs at the same time; p50/p99 request → agent_started,
//     runs that did not complete, heap and RSS per user;
//   goldpath client alone: N/2 simulated users (recorder, live deadlines, offline checks) in one process, for its heap
//     and RSS per user next to the bare figure.
// The largest step that passes with 0 findings is printed; above it goldpath must say infra.harness_overloaded (its
// own overload, exit 3), never blame the backend. Prints the load average with every step.
//   npm run bench:users -- [--steps 1000,2500,5000] [--workers 2] [--step-budget-s 300]
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Summary } from '../contracts/index.ts';
import { spawnConcurrentRun } from './spawnConcurrentRun.ts';
import { processTreeRss } from './processTreeRss.ts';
import { spawnMeasured } from './spawnMeasured.ts';
import { GOLDPATH_ROOT, startReferenceProcess } from './startReferenceProcess.ts';
import { streamClientArgs } from './streamClientArgs.ts';

const SECRET = 'goldpath-bench-users-secret-0123456789';
const SLA_MS = 5000;

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '1000,2500,5000' },
    workers: { type: 'string', default: '2' },
    'step-budget-s': { type: 'string', default: '300' },
  },
});
const steps = args.steps.split(',').map(Number);
const workers = Number(args.workers);
const budgetS = Number(args['step-budget-s']);
if (steps.some((n) => !Number.isInteger(n) || n < 2 || n > 20_000))
  usage(`--steps must be user counts from 2 to 20000, received ${args.steps}`);
if (!Number.isInteger(workers) || workers < 1 || workers > 8)
  usage(`--workers must be 1 to 8, received ${args.workers}`);
if (!Number.isInteger(budgetS) || budgetS < 30 || budgetS > 900)
  usage(`--step-budget-s must be 30 to 900, received ${args['step-budget-s']}`);

function usage(message: string): never {
  process.stderr.write(`bench:users: ${message}\n`);
  process.exit(2);
}

const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
const ms = (n: number | undefined): string => (n === undefined || n < 0 ? '?' : `${Math.round(n)} ms`);

interface GoldpathStep {
  exitCode: number | null;
  wallS: number;
  summary: Summary | undefined;
  line: string;
  peakWorkerRssMb: number;
}

/** `goldpath run` of the concurrent scenario at `users`, sampling its workers' RSS. */
function goldpathRun(users: number, wsUrl: string, outDir: string): Promise<GoldpathStep> {
  const started = performance.now();
  const { child, stderr } = spawnConcurrentRun({ users, wsUrl, secret: SECRET, workers, outDir, budgetS: budgetS });
  let peak = 0;
  const sampler = setInterval(() => {
    const rss = [...processTreeRss(child.pid!, 'workerProcessEntry').values()].reduce((a, b) => a + b, 0);
    peak = Math.max(peak, rss);
  }, 500);
  return new Promise((resolve) => {
    child.once('close', (exitCode) => {
      clearInterval(sampler);
      const summaryPath = join(outDir, 'summary.json');
      resolve({
        exitCode,
        wallS: (performance.now() - started) / 1000,
        summary: existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary) : undefined,
        line:
          stderr()
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('goldpath: '))
            .at(-1) ?? '',
        peakWorkerRssMb: peak,
      });
    });
  });
}

interface ClientResult {
  events: number;
  failedRuns: number;
  firstFailure?: string;
  startP50Ms: number;
  startP99Ms: number;
  heapMb?: number;
  rssMb?: number;
  findings?: number;
  firstFinding?: string;
}

/** One harnessStreamClient process: `users` users × 3 runs of the concurrent scenario's shape. */
async function client(side: 'bare' | 'goldpath', users: number, wsUrl: string): Promise<ClientResult> {
  const run = await spawnMeasured(
    process.execPath,
    streamClientArgs({
      side,
      url: wsUrl,
      secret: SECRET,
      users,
      runs: 3,
      nodeFlags: ['--expose-gc'],
      extra: ['--tools', 'cycle', '--think-max-ms', '20'],
    }),
    { cwd: GOLDPATH_ROOT, timeoutMs: budgetS * 1000 },
  );
  const last = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.code !== 0 || !last.startsWith('{'))
    return {
      events: 0,
      failedRuns: users * 3,
      firstFailure: run.stderr.trim().split('\n').slice(-3).join(' | '),
      startP50Ms: -1,
      startP99Ms: -1,
    };
  return JSON.parse(last) as ClientResult;
}

const dir = await mkdtemp(join(tmpdir(), 'goldpath-bench-users-'));
const reference = await startReferenceProcess({ secret: SECRET });
const passed: number[] = [];
try {
  process.stdout.write(
    `bench:users: concurrent scenario (N users × 3 runs, think 0–20 ms), ${workers} workers, start SLA ${SLA_MS} ms, reference backend in its own process (${reference.wsUrl}); ulimit -n ${readFileSync('/proc/self/limits', 'utf8').match(/Max open files\s+(\d+)/)?.[1] ?? '?'}; steps ${steps.join(', ')}; load average ${load()}\n`,
  );
  for (const users of steps) {
    const backendBefore = reference.cpuMs() ?? 0;
    const g = await goldpathRun(users, reference.wsUrl, join(dir, `step-${users}`));
    const backendCpu = ((reference.cpuMs() ?? 0) - backendBefore) / 1000;
    const s = g.summary;
    const findings = s ? Object.entries(s.findingsByCode) : [];
    const parts = s?.scenarios.map((x) => x.latency.engine_creation).filter((l) => l !== undefined) ?? [];
    const loadOf = s?.scenarios.map((x) => x.harnessLoad).filter((l) => l !== undefined) ?? [];
    const ok = g.exitCode === 0 && findings.length === 0;
    if (ok) passed.push(users);
    process.stdout.write(
      `\n${users} users (load average ${load()}):\n` +
        `  goldpath run : exit ${g.exitCode} in ${g.wallS.toFixed(1)} s; ${s?.totals.runs ?? 0} runs, ${s?.totals.events ?? 0} events; findings ${findings.map(([c, n]) => `${c} ×${n}`).join(', ') || 'none'}; ` +
        `request → agent_started p50 ${parts.map((p) => ms(p.p50)).join(' / ') || '?'}, p99 ${parts.map((p) => ms(p.p99)).join(' / ') || '?'} (per worker part); ` +
        `event-loop p99 ${loadOf.map((l) => ms(l.eventLoopP99Ms)).join(' / ') || '?'}, worker CPU ${loadOf.map((l) => `${l.cpuPercent} %`).join(' / ') || '?'}; ` +
        `peak worker RSS ${g.peakWorkerRssMb.toFixed(0)} MB = ${((g.peakWorkerRssMb * 1024) / users).toFixed(1)} KiB per user; backend CPU ${backendCpu.toFixed(1)} s\n`,
    );
    if (!ok && g.line !== '') process.stdout.write(`    ${g.line.slice(0, 600)}\n`);
    const halves = [Math.ceil(users / 2), Math.floor(users / 2)];
    const bare = await Promise.all(halves.map((n) => client('bare', n, reference.wsUrl)));
    const bareFailed = bare.reduce((n, b) => n + b.failedRuns, 0);
    const bareHeap = bare.reduce((n, b) => n + (b.heapMb ?? 0), 0);
    const bareRss = bare.reduce((n, b) => n + (b.rssMb ?? 0), 0);
    process.stdout.write(
      `  bare ws      : 2 processes × ${halves[0]} users at once; ${bareFailed} of ${users * 3} runs did not complete${bare.find((b) => b.firstFailure)?.firstFailure ? ` (first: ${bare.find((b) => b.firstFailure)!.firstFailure!.slice(0, 200)})` : ''}; ` +
        `request → agent_started p50 ${bare.map((b) => ms(b.startP50Ms)).join(' / ')}, p99 ${bare.map((b) => ms(b.startP99Ms)).join(' / ')} (per process); ` +
        `heap ${((bareHeap * 1024) / users).toFixed(1)} KiB, RSS ${((bareRss * 1024) / users).toFixed(1)} KiB per user (added by the users)\n`,
    );
    const alone = await client('goldpath', halves[0]!, reference.wsUrl);
    process.stdout.write(
      `  goldpath client, one process of ${halves[0]} users: ${alone.failedRuns} failed runs, ${alone.findings ?? '?'} findings${(alone.firstFinding ?? alone.firstFailure) ? ` (first: ${(alone.firstFinding ?? alone.firstFailure)!.slice(0, 200)})` : ''}; ` +
        `request → agent_started p50 ${ms(alone.startP50Ms)}, p99 ${ms(alone.startP99Ms)}; heap ${(((alone.heapMb ?? 0) * 1024) / halves[0]!).toFixed(1)} KiB, RSS ${(((alone.rssMb ?? 0) * 1024) / halves[0]!).toFixed(1)} KiB per user (added by the users)\n`,
    );
  }
} finally {
  await reference.stop();
  // the reports of a failing step are kept for reading; a clean bench leaves nothing behind
  if (passed.length === steps.length) await rm(dir, { recursive: true, force: true });
  else process.stdout.write(`\nreports of every step kept in ${dir}\n`);
}
process.stdout.write(
  `\nlargest user count meeting the SLA with 0 findings: ${passed.length > 0 ? Math.max(...passed) : 'none of the steps'}; load average ${load()}\n`,
);
