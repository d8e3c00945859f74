/**
 * goldpath's live overhead against a bare `ws` client reading the same stream, with the reference backend in a process
 * of its own (`goldpath reference --latency-ms 0`) and each client side in a process of its own, so the CPU figures
 * are the client's alone (process.cpuUsage of the client process). goldpath is the normal path of a run: SimulatedUser,
 * a recorder on every socket writing the history, the live deadlines and the load sampling; the offline checks of that
 * history are timed apart and printed next to it. Rounds alternate the sides; the median of the rounds is printed.
 * 127.0.0.1 only; bounded; stops by itself.
 *   npm run bench:harness [-- --users 50 --runs 230 --rounds 3 --memory-users 1000]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { SimulatedUser } from '../harness/client/SimulatedUser.ts';
import { signUserToken } from '../harness/client/signUserToken.ts';
import { withDeadline } from '../harness/common/waitFor.ts';
import { attachRecorder } from '../harness/recorder/attachRecorder.ts';
import { HistoryWriter } from '../harness/recorder/HistoryWriter.ts';
import { median } from './median.ts';
import { GOLDPATH_ROOT, startReferenceProcess } from './startReferenceProcess.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { streamClientArgs } from './streamClientArgs.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    runs: { type: 'string', default: '230' },
    rounds: { type: 'string', default: '3' },
    'memory-users': { type: 'string', default: '1000' },
  },
});
const USERS = Math.min(500, Number(values.users));
const RUNS = Math.min(2000, Number(values.runs));
const ROUNDS = Math.min(9, Number(values.rounds));
const MEMORY_USERS = Math.min(2000, Number(values['memory-users']));
const DEADLINE_MS = 1_200_000;
const SECRET = 'goldpath-bench-harness-secret-0123456789';

interface Measure {
  events: number;
  ms: number;
  cpuMs: number;
  rssMb: number;
  checkCpuMs?: number;
  checkedEvents?: number;
}

const reference = await startReferenceProcess({ secret: SECRET, args: ['--latency-ms', '0'] });

function runClient(
  side: 'bare' | 'goldpath',
  users: number,
  runs: number,
): Promise<Measure & { backendCpuMs: number }> {
  const before = reference.cpuMs() ?? 0;
  const child = spawn(process.execPath, streamClientArgs({ side, url: reference.wsUrl, secret: SECRET, users, runs }), {
    cwd: GOLDPATH_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`the ${side} client exited with ${code}: ${out.slice(-2000)}`));
      const measure = JSON.parse(out.trim().split('\n').at(-1)!) as Measure & {
        failedRuns: number;
        firstFailure?: string;
        findings?: number;
        firstFinding?: string;
      };
      if (measure.failedRuns > 0 || (measure.findings ?? 0) > 0)
        return reject(
          new Error(
            `the ${side} stream had ${measure.failedRuns} failed runs and ${measure.findings ?? 0} findings; first: ${measure.firstFailure ?? measure.firstFinding}`,
          ),
        );
      resolve({ ...measure, backendCpuMs: (reference.cpuMs() ?? 0) - before });
    });
  });
}

async function heapPerUser(make: (n: number) => Promise<() => Promise<void>>, n: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const before = process.memoryUsage().heapUsed;
  const release = await make(n);
  gc?.();
  const after = process.memoryUsage().heapUsed;
  await release();
  return (after - before) / n;
}

const rate = (m: Measure): number => (m.events * 1000) / m.ms;
const perK = (cpuMs: number, events: number): number => (cpuMs * 1000) / events;
const fmt = (n: number, digits = 1): string => n.toFixed(digits);

async function main(): Promise<void> {
  process.stdout.write(
    `bench:harness: ${USERS} users × ${RUNS} runs of [tools:3] per side, reference backend in its own process (${reference.wsUrl}, latency 0), median of ${ROUNDS} rounds; load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
  // warm the backend up (its JIT, its first engines), then alternate so neither side always runs second
  await runClient('bare', 5, 5);
  await runClient('goldpath', 5, 5);
  const bare: Array<Measure & { backendCpuMs: number }> = [];
  const gold: Array<Measure & { backendCpuMs: number }> = [];
  for (let round = 0; round < ROUNDS; round++) {
    const order: Array<'bare' | 'goldpath'> = round % 2 === 0 ? ['bare', 'goldpath'] : ['goldpath', 'bare'];
    for (const side of order) {
      const m = await runClient(side, USERS, RUNS);
      (side === 'bare' ? bare : gold).push(m);
      process.stdout.write(
        `  round ${round + 1} ${side.padEnd(8)}: ${m.events} events in ${fmt(m.ms, 0)} ms = ${fmt(rate(m), 0)} events/s, client ${fmt(perK(m.cpuMs, m.events))} CPU ms / 1,000 events, backend ${fmt(perK(m.backendCpuMs, m.events))}; load ${loadavg()[0]!.toFixed(2)}\n`,
      );
    }
  }
  const bRate = median(bare.map(rate));
  const gRate = median(gold.map(rate));
  const bCpu = median(bare.map((m) => perK(m.cpuMs, m.events)));
  const gCpu = median(gold.map((m) => perK(m.cpuMs, m.events)));
  const gCheck = median(gold.map((m) => perK(m.checkCpuMs ?? 0, m.events)));
  const events = gold[0]!.events;
  process.stdout.write(
    `bare ws client     : ${events} events, ${fmt(bRate, 0)} events/s, ${fmt(bCpu)} CPU ms / 1,000 events (client process), RSS added ${fmt(median(bare.map((m) => m.rssMb)), 0)} MB\n`,
  );
  process.stdout.write(
    `goldpath (record + live checks): ${events} events, ${fmt(gRate, 0)} events/s, ${fmt(gCpu)} CPU ms / 1,000 events (client process), RSS added ${fmt(median(gold.map((m) => m.rssMb)), 0)} MB\n`,
  );
  process.stdout.write(
    `ratio goldpath / bare: ${fmt(gRate / bRate, 2)}× events/s (aim ≥ 0.90×); CPU per event ${fmt(gCpu / bCpu, 2)}× bare\n`,
  );
  process.stdout.write(
    `  the offline checks of that history afterwards: ${fmt(gCheck)} CPU ms / 1,000 events more (record + live + offline checks: ${fmt(gCpu + gCheck)} CPU ms / 1,000 events = ${fmt((gCpu + gCheck) / bCpu, 2)}× bare)\n`,
  );

  const dir = await mkdtemp(join(tmpdir(), 'goldpath-bench-memory-'));
  try {
    const memBare = await heapPerUser(async (n) => {
      const sockets: WebSocket[] = [];
      for (let i = 0; i < n; i += 100)
        sockets.push(
          ...(await Promise.all(
            Array.from({ length: Math.min(100, n - i) }, async (_, k) => {
              const token = await signUserToken({ secret: SECRET, userId: `bench-mem-bare-${i + k}` });
              const s = new WebSocket(reference.wsUrl, [`jwt.${token}`], { perMessageDeflate: false });
              await new Promise((r) => s.once('message', r));
              return s;
            }),
          )),
        );
      return async () => {
        for (const s of sockets) s.close();
      };
    }, MEMORY_USERS);
    const memGold = await heapPerUser(async (n) => {
      const writer = await HistoryWriter.open(join(dir, 'bench-memory.jsonl'));
      const users = Array.from(
        { length: n },
        (_, i) =>
          new SimulatedUser({
            userId: `bench-mem-gp-${i}`,
            wsUrl: reference.wsUrl,
            auth: { kind: 'jwt', secret: SECRET },
            record: (s, m) => attachRecorder(s, writer, m),
          }),
      );
      for (let i = 0; i < n; i += 100) await Promise.all(users.slice(i, i + 100).map((u) => u.connect()));
      return async () => {
        await Promise.all(users.map((u) => u.close()));
        await writer.close();
      };
    }, MEMORY_USERS);
    const kib = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;
    process.stdout.write(
      `heap per connected user at ${MEMORY_USERS} users (client side only${(globalThis as { gc?: unknown }).gc ? '' : ', no --expose-gc: noisy'}): bare ${kib(memBare)}, goldpath ${kib(memGold)}\n`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n`,
  );
}

try {
  await withDeadline(main(), { what: 'the harness benchmark did not finish', timeoutMs: DEADLINE_MS });
} finally {
  await reference.stop();
}
