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
import { sampleHarnessLoad } from '../harness/runner/fixtures/sampleHarnessLoad.ts';
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

/** At most this many handshakes at once, as goldpath's user pool connects. */
const CONNECT_CONCURRENCY = 50;

/** Runs `work` over `items`, at most `limit` at once. */
async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

interface BareSocket {
  socket: WebSocket;
  events: number;
  sentAt: number;
  started: boolean;
  finished: ((outcome: string) => void) | undefined;
}

/** Connects one bare user and waits for its welcome (10 s at most, as goldpath's connect deadline). */
async function connectBare(u: number): Promise<BareSocket> {
  const token = await signUserToken({ secret, userId: `bench-${tag}-${u}` });
  const socket = new WebSocket(url, [`jwt.${token}`], { perMessageDeflate: false, handshakeTimeout: 10_000 });
  const user: BareSocket = { socket, events: 0, sentAt: 0, started: false, finished: undefined };
  let welcomed: (() => void) | undefined;
  const welcome = new Promise<void>((resolve, reject) => {
    welcomed = resolve;
    socket.once('error', reject);
    socket.once('close', (code) => reject(new Error(`closed with ${code} before the welcome`)));
    setTimeout(() => reject(new Error('no welcome within 10000 ms')), 10_000).unref();
  });
  socket.on('error', (error) => user.finished?.(`socket error ${error.message}`));
  socket.on('close', (code) => user.finished?.(`close ${code}`));
  socket.on('message', (data) => {
    const frame = JSON.parse(data.toString()) as { type: string; agent_name?: string; data?: { agent_name?: string } };
    if (frame.type === 'connection_established') return welcomed?.();
    if (frame.type === 'heartbeat') return socket.send(JSON.stringify({ type: 'heartbeat_ack' }));
    user.events++;
    if (frame.type === 'agent_started' && !user.started) {
      user.started = true;
      startLatencies.push(performance.now() - user.sentAt);
    }
    // the pipeline's sub-agents complete before the Supervisor: the run ends with the Supervisor's completion
    const agent = frame.agent_name ?? frame.data?.agent_name;
    if (frame.type === 'agent_completed' && (agent === undefined || agent === 'Supervisor'))
      user.finished?.('completed');
    else if (frame.type === 'error_message' || frame.type === 'agent_error') user.finished?.(frame.type);
  });
  try {
    await welcome;
  } catch (error) {
    // a socket left half-open would keep this process alive after its result
    socket.terminate();
    throw error;
  }
  return user;
}

/** Sends start_agent, JSON.parses every frame, counts until the run's root agent_completed; RUNS times. */
async function runBare(user: BareSocket, u: number): Promise<number> {
  for (let i = 0; i < RUNS; i++) {
    const outcome = new Promise<string>((r) => (user.finished = r));
    user.started = false;
    user.sentAt = performance.now();
    if (user.socket.readyState !== WebSocket.OPEN) {
      fail(`run ${i} of user ${u}: the socket is closed`);
      continue;
    }
    user.socket.send(
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
  user.socket.close();
  return user.events;
}

async function bare(): Promise<{ events: number }> {
  const ids = Array.from({ length: USERS }, (_, u) => u);
  // a user that cannot connect fails its runs (goldpath's pool says so too) instead of ending the whole side
  const users = await inBatches(ids, CONNECT_CONCURRENCY, (u) =>
    connectBare(u).catch((error: unknown) => {
      for (let i = 0; i < RUNS; i++) fail(`user ${u} could not connect: ${(error as Error).message}`);
      return undefined;
    }),
  );
  const counts = await Promise.all(
    users.map(async (user, u) => {
      if (user !== undefined) return runBare(user, u);
      await done.arrive();
      return 0;
    }),
  );
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
  await inBatches(users, CONNECT_CONCURRENCY, (u) => u.connect());
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
