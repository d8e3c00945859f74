// One client side of the live benchmarks, in a process of its own so its CPU is its own: `bare` (a bare `ws` client
// that JSON.parses every frame) or `goldpath` (SimulatedUser + recorder + live deadlines + load sampling, the path of a
// normal run). Streams `--users` × `--runs` runs of [tools:N] (`--tools cycle`: 1, 2, 3, … as the concurrent scenario)
// against the reference process at `--url`, with up to `--think-max-ms` of random think time between a user's runs, and
// prints one JSON line: events, ms, cpuMs (process.cpuUsage of this process only), failed runs, p50/p99 of request →
// agent_started, heap (after a GC with --expose-gc) and RSS the users added, taken while every user is still connected
// (the process's own start-up taken off), and for goldpath the CPU of the offline checks of its history.
//   node --import tsx bench/harnessStreamClient.ts --side goldpath --url ws://127.0.0.1:N/ws --secret S
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { HARNESS_LOAD_MARK, makeCanary } from '../contracts/index.ts';
import { checkHistoryFile } from '../harness/checks/checkHistory.ts';
import { createClientStats } from '../harness/client/ClientStats.ts';
import { SimulatedUser } from '../harness/client/SimulatedUser.ts';
import { signUserToken } from '../harness/client/signUserToken.ts';
import { withDeadline } from '../harness/common/waitFor.ts';
import { attachRecorder } from '../harness/recorder/attachRecorder.ts';
import { HistoryWriter } from '../harness/recorder/HistoryWriter.ts';
import { sampleHarnessLoad } from '../harness/runner/sampleHarnessLoad.ts';
import { percentile } from './percentile.ts';

const { values } = parseArgs({
  options: {
    side: { type: 'string' },
    url: { type: 'string' },
    secret: { type: 'string' },
    users: { type: 'string', default: '50' },
    runs: { type: 'string', default: '200' },
    tools: { type: 'string', default: '3' },
    'think-max-ms': { type: 'string', default: '0' },
    'keep-history': { type: 'string' },
    /** `false` skips the offline check (for profiling the live path alone). */
    check: { type: 'string', default: 'true' },
  },
});
const side = values.side;
if ((side !== 'bare' && side !== 'goldpath') || values.url === undefined || values.secret === undefined) {
  process.stderr.write('harnessStreamClient: --side bare|goldpath --url <ws url> --secret <secret> are required\n');
  process.exit(2);
}
const url = values.url;
const secret = values.secret;
const USERS = Number(values.users);
const RUNS = Number(values.runs);
const THINK_MAX_MS = Number(values['think-max-ms']);
const DEADLINE_MS = 600_000;
const tag = `${side}-${process.pid}`;
const toolsOf = (run: number): number => (values.tools === 'cycle' ? (run % 3) + 1 : Number(values.tools));
const think = async (): Promise<void> => {
  if (THINK_MAX_MS > 0) await new Promise((r) => setTimeout(r, Math.random() * THINK_MAX_MS));
};

/** Request → agent_started of every run, in ms. */
const startLatencies: number[] = [];
let failedRuns = 0;
let firstFailure: string | undefined;
const fail = (why: string): void => {
  failedRuns++;
  firstFailure ??= why;
};

/** Heap and RSS while every user is connected and done with its runs: taken once all have arrived. */
function memoryOnceAllDone(users: number): { arrive: () => Promise<void>; memory: () => Record<string, number> } {
  let arrived = 0;
  let release!: () => void;
  const all = new Promise<void>((r) => (release = r));
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const base = process.memoryUsage();
  let taken: Record<string, number> = {};
  return {
    arrive: () => {
      if (++arrived === users) {
        gc?.();
        const m = process.memoryUsage();
        // what the users added: the process's own start (modules, JIT) taken off
        taken = { heapMb: (m.heapUsed - base.heapUsed) / 2 ** 20, rssMb: (m.rss - base.rss) / 2 ** 20 };
        release();
      }
      return all;
    },
    memory: () => taken,
  };
}
const done = memoryOnceAllDone(USERS);

/** Connect, send start_agent, JSON.parse every frame, count until the run's root agent_completed. */
async function bareUser(u: number): Promise<number> {
  const token = await signUserToken({ secret, userId: `bench-${tag}-${u}` });
  const socket = new WebSocket(url, [`jwt.${token}`], { perMessageDeflate: false });
  let events = 0;
  let sentAt = 0;
  let started = false;
  let finished: ((outcome: string) => void) | undefined;
  let welcomed: (() => void) | undefined;
  const welcome = new Promise<void>((resolve, reject) => {
    welcomed = resolve;
    socket.once('error', reject);
  });
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; agent_name?: string; data?: { agent_name?: string } };
    if (frame.type === 'connection_established') return welcomed?.();
    if (frame.type === 'heartbeat') return socket.send(JSON.stringify({ type: 'heartbeat_ack' }));
    events++;
    if (frame.type === 'agent_started' && !started) {
      started = true;
      startLatencies.push(performance.now() - sentAt);
    }
    // the pipeline's sub-agents complete before the Supervisor: the run ends with the Supervisor's completion
    const agent = frame.agent_name ?? frame.data?.agent_name;
    if (frame.type === 'agent_completed' && (agent === undefined || agent === 'Supervisor')) finished?.('completed');
    else if (frame.type === 'error_message' || frame.type === 'agent_error') finished?.(frame.type);
  });
  await welcome;
  for (let i = 0; i < RUNS; i++) {
    const outcome = new Promise<string>((r) => (finished = r));
    started = false;
    sentAt = performance.now();
    socket.send(
      JSON.stringify({
        type: 'start_agent',
        payload: { user_request: `bench run ${i} [tools:${toolsOf(i)}] [ref ${makeCanary()}]`, thread_id: null },
      }),
    );
    const how = await outcome;
    if (how !== 'completed') fail(`run ${i} of user ${u} ended with ${how}`);
    if (i + 1 < RUNS) await think();
  }
  await done.arrive();
  socket.close();
  return events;
}

async function bare(): Promise<{ events: number }> {
  const counts = await Promise.all(Array.from({ length: USERS }, (_, u) => bareUser(u)));
  return { events: counts.reduce((a, b) => a + b, 0) };
}

/** SimulatedUser with a recorder on every socket, the runner's deadlines and its load sampling, as in a normal run. */
async function goldpath(historyPath: string): Promise<{ events: number }> {
  const stats = createClientStats();
  const writer = await HistoryWriter.open(historyPath, {
    scenario: 'bench',
    expectations: { maxGapMs: 15_000, runDeadlineMs: 60_000, startSlaMs: 5_000 },
  });
  const stop = sampleHarnessLoad((load) => writer.mark(HARNESS_LOAD_MARK, load), { users: () => stats.connected });
  const users = Array.from(
    { length: USERS },
    (_, u) =>
      new SimulatedUser({
        userId: `bench-${tag}-${u}`,
        wsUrl: url,
        auth: { kind: 'jwt', secret },
        record: (socket, meta) => attachRecorder(socket, writer, meta),
        stats,
        startSlaMs: 5_000,
        maxGapMs: 15_000,
        runTimeoutMs: 60_000,
      }),
  );
  await Promise.all(users.map((u) => u.connect()));
  await Promise.all(
    users.map(async (u) => {
      for (let i = 0; i < RUNS; i++) {
        try {
          const run = await u.startAgent(`bench run ${i} [tools:${toolsOf(i)}]`).completed();
          if (run.status !== 'completed') fail(`run ${run.runId} of ${u.userId} ended ${run.status}`);
        } catch (error) {
          fail((error as Error).message);
        }
        const handle = u.runs.at(-1)!;
        const first = handle.events.find((e) => e.type === 'agent_started');
        if (first !== undefined) startLatencies.push(first.at - handle.sentAt);
        if (i + 1 < RUNS) await think();
      }
      await done.arrive();
    }),
  );
  await Promise.all(users.map((u) => u.close()));
  stop();
  await writer.close();
  // the events of the runs (not the welcomes, nor a heartbeat that may fall in the stream), as the bare side counts
  return { events: users.reduce((n, u) => n + u.runs.reduce((m, r) => m + r.events.length, 0), 0) };
}

const dir = await mkdtemp(join(tmpdir(), 'goldpath-bench-harness-'));
try {
  const historyPath = values['keep-history'] ?? join(dir, 'history.jsonl');
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  const { events } = await withDeadline(side === 'bare' ? bare() : goldpath(historyPath), {
    what: `the ${side} stream of ${USERS} users × ${RUNS} runs did not finish`,
    timeoutMs: DEADLINE_MS,
  });
  const ms = performance.now() - t0;
  const used = process.cpuUsage(cpu);
  const result: Record<string, number | string> = {
    events,
    ms,
    cpuMs: (used.user + used.system) / 1000,
    failedRuns,
    ...(firstFailure !== undefined && { firstFailure }),
    startP50Ms: percentile(startLatencies, 50) ?? -1,
    startP99Ms: percentile(startLatencies, 99) ?? -1,
    ...done.memory(),
  };
  if (side === 'goldpath' && values.check !== 'false') {
    const c0 = process.cpuUsage();
    const check = await checkHistoryFile(historyPath);
    const checkUsed = process.cpuUsage(c0);
    const errors = check.findings.filter((f) => f.severity === 'error');
    result.findings = errors.length;
    if (errors.length > 0) result.firstFinding = `${errors[0]!.code}: ${errors[0]!.message}`;
    result.checkCpuMs = (checkUsed.user + checkUsed.system) / 1000;
    result.checkedEvents = check.stats.events;
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
