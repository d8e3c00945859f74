/**
 * goldpath's overhead against a bare `ws` client on the same stream of runs, in the same process, against the same
 * embedded reference backend (latencyMs 0). Prints events/s of both and the ratio, CPU ms per 1,000 events, and
 * memory per simulated user at 1,000 users. 127.0.0.1 only; bounded; stops by itself.
 *   npm run bench:harness [-- --users 50 --runs 20 --memory-users 1000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { makeCanary } from '../contracts/index.ts';
import { checkHistoryFile } from '../harness/checks/checkHistory.ts';
import { SimulatedUser } from '../harness/client/SimulatedUser.ts';
import { log } from '../harness/common/log.ts';
import { withDeadline } from '../harness/common/waitFor.ts';
import { attachRecorder } from '../harness/recorder/attachRecorder.ts';
import { HistoryWriter } from '../harness/recorder/HistoryWriter.ts';
import { signTestToken } from '../reference/signTestToken.ts';
import { startReferenceBackend } from '../reference/startReferenceBackend.ts';

const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '50' },
    runs: { type: 'string', default: '20' },
    rounds: { type: 'string', default: '2' },
    'memory-users': { type: 'string', default: '1000' },
  },
});
const USERS = Math.min(500, Number(values.users));
const RUNS = Math.min(200, Number(values.runs));
const ROUNDS = Math.min(5, Number(values.rounds));
const MEMORY_USERS = Math.min(2000, Number(values['memory-users']));
const DEADLINE_MS = 180_000;

interface Measure {
  events: number;
  ms: number;
  cpuMs: number;
}
/** Milliseconds the offline checks took in the last goldpath round (part of its measured time). */
let lastCheckMs = 0;
const checkMs: number[] = [];

const backend = await startReferenceBackend({ latencyMs: 0, heartbeatMs: 600_000 });
const dir = await mkdtemp(join(tmpdir(), 'goldpath-bench-'));
let userSeq = 0;

/** The baseline: connect, send start_agent, JSON.parse every frame, count until agent_completed. */
async function bareUser(runs: number): Promise<number> {
  const token = await signTestToken({ secret: backend.secret, userId: `bench-bare-${++userSeq}` });
  const socket = new WebSocket(backend.wsUrl, [`jwt.${token}`], { perMessageDeflate: false });
  let events = 0;
  let done: (() => void) | undefined;
  let welcomed: (() => void) | undefined;
  const welcome = new Promise<void>((r) => (welcomed = r));
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string };
    if (frame.type === 'connection_established') return welcomed?.();
    events++;
    if (frame.type === 'agent_completed' || frame.type === 'error_message') done?.();
  });
  await welcome;
  for (let i = 0; i < runs; i++) {
    const finished = new Promise<void>((r) => (done = r));
    socket.send(
      JSON.stringify({
        type: 'start_agent',
        payload: { user_request: `bench run ${i} [tools:3] [ref ${makeCanary()}]`, thread_id: null },
      }),
    );
    await finished;
  }
  socket.close();
  return events;
}

/** goldpath: SimulatedUser with a recorder on every socket; the checks run over the history afterwards. */
async function goldpathUsers(users: number, runs: number): Promise<number> {
  const writer = await HistoryWriter.open(join(dir, `bench-${++userSeq}.jsonl`), { scenario: 'bench' });
  const all = Array.from(
    { length: users },
    () =>
      new SimulatedUser({
        userId: `bench-gp-${++userSeq}`,
        wsUrl: backend.wsUrl,
        auth: { kind: 'jwt', secret: backend.secret },
        record: (socket, meta) => attachRecorder(socket, writer, meta),
      }),
  );
  await Promise.all(all.map((u) => u.connect()));
  await Promise.all(
    all.map(async (u) => {
      for (let i = 0; i < runs; i++) await u.startAgent(`bench run ${i} [tools:3]`).completed();
    }),
  );
  await Promise.all(all.map((u) => u.close()));
  await writer.close();
  const c0 = performance.now();
  const check = await checkHistoryFile(writer.path);
  lastCheckMs = performance.now() - c0;
  const errors = check.findings.filter((f) => f.severity === 'error');
  if (errors.length > 0)
    throw new Error(`the bench history has ${errors.length} findings; first: ${errors[0]?.message}`);
  return check.stats.events;
}

async function measure(body: () => Promise<number>): Promise<Measure> {
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const events = await body();
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  return { events, ms, cpuMs: (used.user + used.system) / 1000 };
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

async function main(): Promise<void> {
  const bare: Measure[] = [];
  const gold: Measure[] = [];
  // warm-up, then alternate so neither side always runs on a warmer process
  await measure(() =>
    Promise.all(Array.from({ length: 5 }, () => bareUser(2))).then((e) => e.reduce((a, b) => a + b, 0)),
  );
  await measure(() => goldpathUsers(5, 2));
  for (let round = 0; round < ROUNDS; round++) {
    bare.push(
      await measure(() =>
        Promise.all(Array.from({ length: USERS }, () => bareUser(RUNS))).then((e) => e.reduce((a, b) => a + b, 0)),
      ),
    );
    gold.push(await measure(() => goldpathUsers(USERS, RUNS)));
    checkMs.push(lastCheckMs);
  }
  const best = (ms: Measure[]): Measure => ms.reduce((a, b) => (b.events / b.ms > a.events / a.ms ? b : a));
  const b = best(bare);
  const g = best(gold);
  const gCheck = checkMs[gold.indexOf(g)] ?? 0;
  const rate = (m: Measure): number => (m.events * 1000) / m.ms;

  const memBare = await heapPerUser(async (n) => {
    const sockets = await Promise.all(
      Array.from({ length: n }, async () => {
        const token = await signTestToken({ secret: backend.secret, userId: `bench-mem-bare-${++userSeq}` });
        const s = new WebSocket(backend.wsUrl, [`jwt.${token}`], { perMessageDeflate: false });
        await new Promise((r) => s.once('message', r));
        return s;
      }),
    );
    return async () => {
      for (const s of sockets) s.close();
    };
  }, MEMORY_USERS);
  const memGold = await heapPerUser(async (n) => {
    const writer = await HistoryWriter.open(join(dir, 'bench-memory.jsonl'));
    const users = Array.from(
      { length: n },
      () =>
        new SimulatedUser({
          userId: `bench-mem-gp-${++userSeq}`,
          wsUrl: backend.wsUrl,
          auth: { kind: 'jwt', secret: backend.secret },
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
  log(
    `stream: ${USERS} users × ${RUNS} runs of [tools:3], embedded reference backend (latencyMs 0), best of ${ROUNDS} rounds`,
  );
  log(
    `bare ws client     : ${b.events} events in ${b.ms.toFixed(0)} ms = ${rate(b).toFixed(0)} events/s, ${((b.cpuMs * 1000) / b.events).toFixed(1)} CPU ms / 1,000 events`,
  );
  log(
    `goldpath (record + all checks): ${g.events} events in ${g.ms.toFixed(0)} ms = ${rate(g).toFixed(0)} events/s, ${((g.cpuMs * 1000) / g.events).toFixed(1)} CPU ms / 1,000 events`,
  );
  log(`ratio goldpath / bare: ${(rate(g) / rate(b)).toFixed(2)}× (aim ≥ 0.70×)`);
  log(
    `  of goldpath's ${g.ms.toFixed(0)} ms, the offline checks took ${gCheck.toFixed(0)} ms; client + recorder alone: ${((g.events * 1000) / Math.max(1, g.ms - gCheck)).toFixed(0)} events/s = ${((g.events * 1000) / Math.max(1, g.ms - gCheck) / rate(b)).toFixed(2)}× bare`,
  );
  log(
    `memory per connected user at ${MEMORY_USERS} users (heap, client + server side in one process${(globalThis as { gc?: unknown }).gc ? '' : ', no --expose-gc: noisy'}): bare ${kib(memBare)}, goldpath ${kib(memGold)}`,
  );
  log('note: CPU and memory include the embedded backend, which runs in the same process for both');
}

try {
  await withDeadline(main(), { what: 'the harness benchmark did not finish', timeoutMs: DEADLINE_MS });
} finally {
  await backend.stop();
  await rm(dir, { recursive: true, force: true });
}
