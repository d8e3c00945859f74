// Capacity of goldpath on this machine: runs the concurrent scenario against the reference backend in a process of its
// own (`goldpath reference`), at growing user counts, and prints the largest count that passes and what goldpath
// reports one step above it. Above its capacity goldpath must name itself (infra.harness_overloaded, exit 3), not the
// backend. The backend's CPU and goldpath's own load are printed for each step, so the figures explain themselves.
//
//   npm run bench:capacity -- [--steps 500,1000,2000,3000] [--workers 2] [--step-budget-s 240]
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Summary } from '../contracts/index.ts';
import { spawnConcurrentRun } from './spawnConcurrentRun.ts';
import { processCpuMs as cpuMs, startReferenceProcess } from './startReferenceProcess.ts';

const SECRET = 'goldpath-bench-capacity-secret-0123456789';

const { values: args } = parseArgs({
  options: {
    steps: { type: 'string', default: '500,1000,2000,3000' },
    workers: { type: 'string', default: '2' },
    'step-budget-s': { type: 'string', default: '240' },
  },
});
const steps = args.steps.split(',').map(Number);
if (steps.some((n) => !Number.isInteger(n) || n < 1 || n > 5000))
  fail(`--steps must be user counts from 1 to 5000, received ${args.steps}`);
const workers = Number(args.workers);
if (!Number.isInteger(workers) || workers < 1 || workers > 8)
  fail(`--workers must be 1 to 8, received ${args.workers}`);
const stepBudgetS = Number(args['step-budget-s']);
if (!Number.isInteger(stepBudgetS) || stepBudgetS < 30 || stepBudgetS > 900)
  fail(`--step-budget-s must be 30 to 900, received ${args['step-budget-s']}`);

function fail(message: string): never {
  process.stderr.write(`benchCapacity: ${message}\n`);
  process.exit(2);
}

async function startReference(): Promise<{ child: ChildProcess; wsUrl: string }> {
  return startReferenceProcess({ secret: SECRET });
}

interface Step {
  users: number;
  exitCode: number | null;
  wallS: number;
  summary: Summary | undefined;
  backendCpuPercent: number | undefined;
  line: string;
}

function runStep(users: number, wsUrl: string, backendPid: number | undefined, outDir: string): Promise<Step> {
  const started = performance.now();
  const before = cpuMs(backendPid);
  const { child, stderr } = spawnConcurrentRun({ users, wsUrl, secret: SECRET, workers, outDir, budgetS: stepBudgetS });
  return new Promise((resolve) => {
    child.on('close', (exitCode) => {
      const wallS = (performance.now() - started) / 1000;
      const after = cpuMs(backendPid);
      const summaryPath = join(outDir, 'summary.json');
      const summary = existsSync(summaryPath) ? (JSON.parse(readFileSync(summaryPath, 'utf8')) as Summary) : undefined;
      const lines = stderr()
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('goldpath: '));
      resolve({
        users,
        exitCode,
        wallS,
        summary,
        line: lines.at(-1) ?? '',
        backendCpuPercent:
          before !== undefined && after !== undefined ? Math.round(((after - before) / 1000 / wallS) * 100) : undefined,
      });
    });
  });
}

function describe(step: Step): string {
  const s = step.summary;
  const load = s?.scenarios.map((x) => x.harnessLoad).filter((l) => l !== undefined) ?? [];
  const p99 = load.length > 0 ? Math.max(...load.map((l) => l!.eventLoopP99Ms)) : undefined;
  const cpu = load.length > 0 ? Math.max(...load.map((l) => l!.cpuPercent)) : undefined;
  const skew = load.length > 0 ? Math.max(...load.map((l) => l!.stampSkewMaxMs ?? 0)) : undefined;
  const codes = s
    ? Object.entries(s.findingsByCode)
        .map(([c, n]) => `${c} ×${n}`)
        .join(', ') || 'none'
    : 'no summary';
  return (
    `${String(step.users).padStart(5)} users: exit ${step.exitCode} in ${step.wallS.toFixed(1)} s; ${s?.totals.runs ?? 0} runs, ${s?.totals.events ?? 0} events; ` +
    `goldpath event-loop p99 ${p99 ?? '?'} ms, worker CPU ${cpu ?? '?'} %, stamp skew max ${skew ?? '?'} ms; backend CPU ${step.backendCpuPercent ?? '?'} %; findings: ${codes}`
  );
}

const dir = await mkdtemp(join(tmpdir(), 'goldpath-capacity-'));
const reference = await startReference();
const results: Step[] = [];
try {
  process.stdout.write(
    `benchCapacity: concurrent scenario, ${workers} workers, reference backend in its own process (${reference.wsUrl}); steps ${steps.join(', ')}\n`,
  );
  for (const users of steps) {
    const step = await runStep(users, reference.wsUrl, reference.child.pid, join(dir, `step-${users}`));
    results.push(step);
    process.stdout.write(`  ${describe(step)}\n`);
    if (step.exitCode !== 0) break;
  }
} finally {
  reference.child.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}

const passing = results.filter((r) => r.exitCode === 0).at(-1);
const above = results.find((r) => r.exitCode !== 0);
process.stdout.write(
  `\nlargest passing step: ${passing ? `${passing.users} users (${passing.wallS.toFixed(1)} s)` : 'none'}\n`,
);
if (above) {
  const codes = Object.keys(above.summary?.findingsByCode ?? {});
  const namesItself = above.exitCode === 3 && codes.includes('infra.harness_overloaded');
  const blamesBackend = codes.filter((c) => !c.startsWith('infra.'));
  process.stdout.write(`one step above: ${above.users} users → exit ${above.exitCode}: ${above.line}\n`);
  process.stdout.write(
    `goldpath names itself: ${namesItself ? 'yes (infra.harness_overloaded, exit 3)' : 'NO'}${blamesBackend.length > 0 ? `; backend findings also reported: ${blamesBackend.join(', ')}` : ''}\n`,
  );
  if (passing)
    process.stdout.write(
      `capacity ratio: passes at ${(passing.users / above.users).toFixed(2)} of the first failing step\n`,
    );
} else {
  process.stdout.write(`every step passed: raise --steps to find the limit\n`);
}
