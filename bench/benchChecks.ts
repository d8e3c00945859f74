/**
 * Throughput and memory of every check together over a large generated history, against a same-run baseline:
 * JSON.parse of the same history lines (for format 1 also of the frame text inside each). Then the same checks over
 * worker threads (checkHistoryInWorkers), against the one-thread figure of the same run.
 * Usage: npm run bench:checks -- [--events 1000000] [--users 1000] [--format 2] [--workers 2] [--repeat 3]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ALL_CHECKS } from '../harness/checks/checkHistory.ts';
import { createScanner } from '../harness/checks/scanHistory.ts';
import { log } from '../harness/common/log.ts';
import { iterateHistoryBatches, readHistoryHeader, readHistoryText } from '../harness/checks/history/readHistory.ts';
import { canary, makeHeader, T0 } from '../harness/checks/testing/historyBuilder.ts';
import { checkHistoryInWorkers } from '../harness/checks/checkHistoryInWorkers.ts';
import { freshWorkerBuild } from '../harness/checks/freshWorkerBuild.ts';

const { values } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    users: { type: 'string', default: '1000' },
    format: { type: 'string', default: '2' },
    workers: { type: 'string', default: '2' },
    repeat: { type: 'string', default: '3' },
  },
});
const EVENTS = Number(values.events);
const USERS = Number(values.users);
/** 2: the frame stored as a JSON value (one parse per line); 1: as text inside the line (two parses). */
const FORMAT = Number(values.format);
const WORKERS = Number(values.workers);
const REPEAT = Math.max(1, Number(values.repeat));

/** The lines of one run in the emitter shape: request, then S T X C D. */
function runLines(user: string, run: number, seq: () => number): string[] {
  const token = canary(run);
  const runId = `run_chat_${run}_${((run * 2654435761) >>> 0).toString(16).padStart(8, '0')}`;
  const base = (type: string) =>
    `"type":"${type}","event_id":"ev-${run}-${type}","critical":true,"user_id":"${user}","thread_id":"thread-${user}","run_id":"${runId}","request_id":"req-${run}","agent_name":"supervisor"`;
  const quoted = `research topic ${run} ${token}`;
  const frames: [string, string][] = [
    [
      'out',
      `{"type":"start_agent","payload":{"user_request":"Please ${quoted}","thread_id":null,"context":{"source":"message_input"},"settings":{}}}`,
    ],
    ['in', `{${base('agent_started')},"task_description":"answer the user request"}`],
    ['in', `{${base('agent_thinking')},"reasoning":"The user asks to ${quoted}; planning the tools."}`],
    [
      'in',
      `{${base('tool_executing')},"tool_name":"search","tool_args":{"query":"${quoted}"},"parameters":{"query":"${quoted}"},"execution_id":"exec-${run}"}`,
    ],
    [
      'in',
      `{${base('tool_completed')},"tool_name":"search","results":{"summary":"search found 3 sources"},"execution_time":12,"duration":0.012,"execution_id":"exec-${run}","success":true}`,
    ],
    [
      'in',
      `{${base('agent_completed')},"status":"completed","final_response":"Here is what I found about ${quoted}."}`,
    ],
  ];
  return frames.map(([dir, body]) => {
    const s = seq();
    const text = body.startsWith('{"type":"start')
      ? body
      : body.replace('{', `{"timestamp":"${new Date(T0 + s).toISOString()}",`);
    const head = `{"seq":${s},"mono":${s * 1e6},"wall":${T0 + s},"kind":"frame","user":"${user}","conn":"c-1","dir":"${dir}"`;
    // as the recorder writes them: format 2 embeds the frame as the record's last member
    return FORMAT === 2
      ? `${head},"size":${Buffer.byteLength(text)},"parse":"json","frame":${text}}`
      : `${head},"text":${JSON.stringify(text)},"size":${Buffer.byteLength(text)},"parse":"json"}`;
  });
}

/** Writes the history: users take turns, each with runs in sequence, until EVENTS server events exist. */
function generate(path: string): number {
  const fd = openSync(path, 'w');
  writeSync(fd, `${JSON.stringify({ ...makeHeader({ scenario: 'bench' }), version: FORMAT })}\n`);
  let next = 0;
  const seq = () => next++;
  let events = 0;
  let run = 0;
  let chunk: string[] = [];
  const pending: string[][] = Array.from({ length: USERS }, () => []);
  for (let u = 0; u < USERS; u++)
    writeSync(
      fd,
      `${JSON.stringify({ seq: seq(), mono: 0, wall: T0, kind: 'open', user: `user-${u}`, conn: 'c-1', url: 'ws://127.0.0.1/ws' })}\n`,
    );
  while (events < EVENTS) {
    for (let u = 0; u < USERS && events < EVENTS; u++) {
      // each user emits one line per turn, so runs of different users interleave
      if (pending[u]!.length === 0) pending[u] = runLines(`user-${u}`, ++run, seq).reverse();
      const line = pending[u]!.pop()!;
      if (!line.includes('"dir":"out"')) events++;
      chunk.push(line);
      if (chunk.length >= 4096) {
        writeSync(fd, `${chunk.join('\n')}\n`);
        chunk = [];
      }
    }
  }
  for (const rest of pending) chunk.push(...rest.reverse());
  if (chunk.length > 0) writeSync(fd, `${chunk.join('\n')}\n`);
  closeSync(fd);
  return next;
}

/** CPU seconds of this process (every thread) since `from`: less disturbed than wall time on a loaded machine. */
const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(from);
  return (used.user + used.system) / 1e6;
};

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

async function baseline(path: string): Promise<{ seconds: number; cpu: number; events: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  let rest = '';
  let events = 0;
  let first = true;
  // read like the history reader reads
  for await (const chunk of readHistoryText(path)) {
    // the lines cut as the reader cuts them: the one begun in the last chunk joined to it, the others from the chunk
    let start = 0;
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      const line = start === 0 && rest.length > 0 ? rest + chunk.slice(0, end) : chunk.slice(start, end);
      const record = JSON.parse(line) as { dir?: string; text?: string; parse?: string };
      start = end + 1;
      if (first) {
        first = false;
        continue;
      }
      // format 1 keeps the frame as text: a reader parses it too
      if (record.text !== undefined && record.parse === 'json') JSON.parse(record.text);
      if (record.dir === 'in') events++;
    }
    rest = start === 0 ? rest + chunk : chunk.slice(start);
  }
  return { seconds: (performance.now() - started) / 1000, cpu: cpuSeconds(cpu), events };
}

/** One pass of every check in this thread, with memory sampled between batches (the path of checkHistoryFile). */
async function checksOnce(path: string) {
  const header = await readHistoryHeader(path);
  const checkpoints = [0.25, 0.5, 1].map((f) => Math.floor(EVENTS * f));
  const samples: string[] = [];
  let peakRss = 0;
  let peakHeap = 0;
  let events = 0;
  let n = 0;
  const t = performance.now();
  const cpu = process.cpuUsage();
  const scanner = createScanner(header, {}, ALL_CHECKS);
  for await (const batch of iterateHistoryBatches(path, { sliceText: true })) {
    for (const record of batch) {
      scanner.push(record);
      if (record.kind === 'frame' && record.dir === 'in' && ++events === checkpoints[0]) {
        checkpoints.shift();
        const m = process.memoryUsage();
        // with --expose-gc (npm run bench:checks): what the scan holds live, apart from garbage not yet collected
        const collect = (globalThis as { gc?: () => void }).gc;
        collect?.();
        const live = collect !== undefined ? `, live heap after a full GC ${mb(process.memoryUsage().heapUsed)}` : '';
        samples.push(`${events.toLocaleString('en')} events: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}${live}`);
      }
    }
    if (++n % 8 === 0) {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }
  }
  const result = scanner.end();
  return { seconds: (performance.now() - t) / 1000, cpu: cpuSeconds(cpu), events, result, samples, peakRss, peakHeap };
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const perSecond = (events: number, seconds: number): string => Math.round(events / seconds).toLocaleString('en');

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'goldpath-bench-'));
  const path = join(dir, 'history.jsonl');
  try {
    const t = performance.now();
    const records = generate(path);
    log(
      `generated ${records} records (${EVENTS} events, ${USERS} users, format ${FORMAT}, ${mb((await stat(path)).size)}) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    // side by side, REPEAT rounds: the medians are reported
    const bases: number[] = [];
    const ones: number[] = [];
    const manys: number[] = [];
    const baseCpu: number[] = [];
    const oneCpu: number[] = [];
    const manyCpu: number[] = [];
    let first: Awaited<ReturnType<typeof checksOnce>> | undefined;
    let many: Awaited<ReturnType<typeof checkHistoryInWorkers>> | undefined;
    let events = 0;
    for (let round = 0; round < REPEAT; round++) {
      const base = await baseline(path);
      bases.push(base.seconds);
      baseCpu.push(base.cpu);
      events = base.events;
      const one = await checksOnce(path);
      first ??= one;
      ones.push(one.seconds);
      oneCpu.push(one.cpu);
      if (WORKERS > 1) {
        const started = performance.now();
        const cpu = process.cpuUsage();
        many = await checkHistoryInWorkers(path, WORKERS, { onOneThread: (reason) => log(`workers: ${reason}`) });
        manys.push((performance.now() - started) / 1000);
        manyCpu.push(cpuSeconds(cpu));
      }
    }
    const { result, samples, peakRss, peakHeap } = first!;
    const baseRate = events / median(bases);
    const rate = events / median(ones);
    log(
      `baseline JSON.parse (${FORMAT === 2 ? 'each line once' : 'line + frame text'}): ${perSecond(events, median(bases))} events/s`,
    );
    log(
      `all checks (read + validate + check): ${Math.round(rate).toLocaleString('en')} events/s, ${median(ones).toFixed(1)} s, ${result.findings.length} findings, ${result.stats.runs} runs`,
    );
    log(`ratio to the JSON.parse baseline: ${(rate / baseRate).toFixed(2)}`);
    for (const sample of samples) log(`memory at ${sample}`);
    log(`peak rss ${mb(peakRss)}, peak heap ${mb(peakHeap)}`);
    if (many !== undefined) {
      const same = JSON.stringify(many.findings) === JSON.stringify(result.findings);
      log(
        `all checks in ${WORKERS} worker threads: ${perSecond(events, median(manys))} events/s, ${median(manys).toFixed(1)} s, ${many.findings.length} findings (${same ? 'the same as one thread' : 'NOT the same as one thread'})`,
      );
      log(`workers speedup over one thread: ${(median(ones) / median(manys)).toFixed(2)}`);
      const built = freshWorkerBuild(new URL('../harness/checks/checkWorker.ts', import.meta.url));
      log(
        `worker threads ran ${built !== undefined ? 'the build (dist/, as new as every source)' : 'the sources through tsx (no build as new as every source: npm run build first)'}`,
      );
    }
    const rounds = (values: number[]) => values.map((v) => perSecond(events, v)).join(' / ');
    log(
      `rounds (events/s): baseline ${rounds(bases)}; checks ${rounds(ones)}${manys.length > 0 ? `; workers ${rounds(manys)}` : ''}`,
    );
    log(
      `CPU time (all threads; medians): baseline ${median(baseCpu).toFixed(2)} s, checks ${median(oneCpu).toFixed(2)} s (ratio by CPU ${(median(baseCpu) / median(oneCpu)).toFixed(2)})${manyCpu.length > 0 ? `, ${WORKERS} workers ${median(manyCpu).toFixed(2)} s` : ''}`,
    );
    log(
      `load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (${REPEAT} rounds, medians shown)`,
    );
  } finally {
    if (process.env.KEEP === undefined) await rm(dir, { recursive: true, force: true });
    else log(path);
  }
}

await main();
