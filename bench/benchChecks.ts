/**
 * Throughput and memory of every check together over a large generated history, against a same-run baseline:
 * JSON.parse of the same history lines. Usage: npm run bench:checks -- [--events 1000000] [--users 1000]
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { ALL_CHECKS } from '../harness/checks/checkHistory.ts';
import { createScanner } from '../harness/checks/scanHistory.ts';
import { log } from '../harness/common/log.ts';
import { iterateHistoryBatches, readHistoryHeader } from '../harness/checks/history/readHistory.ts';
import { canary, makeHeader, T0 } from '../harness/checks/testing/historyBuilder.ts';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, users: { type: 'string', default: '1000' } },
});
const EVENTS = Number(values.events);
const USERS = Number(values.users);

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
    return JSON.stringify({
      seq: s,
      mono: s * 1e6,
      wall: T0 + s,
      kind: 'frame',
      user,
      conn: 'c-1',
      dir,
      text,
      size: Buffer.byteLength(text),
      parse: 'json',
    });
  });
}

/** Writes the history: users take turns, each with runs in sequence, until EVENTS server events exist. */
function generate(path: string): number {
  const fd = openSync(path, 'w');
  writeSync(fd, `${JSON.stringify(makeHeader({ scenario: 'bench' }))}\n`);
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

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

async function baseline(path: string): Promise<{ seconds: number; events: number }> {
  const started = performance.now();
  let rest = '';
  let events = 0;
  let first = true;
  for await (const chunk of createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
  }) as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      const record = JSON.parse(text.slice(start, end)) as { dir?: string; text?: string };
      start = end + 1;
      if (first) {
        first = false;
        continue;
      }
      if (record.dir === 'in') {
        JSON.parse(record.text!);
        events++;
      }
    }
    rest = text.slice(start);
  }
  return { seconds: (performance.now() - started) / 1000, events };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'goldpath-bench-'));
  const path = join(dir, 'history.jsonl');
  try {
    let t = performance.now();
    const records = generate(path);
    log(
      `generated ${records} records (${EVENTS} events, ${USERS} users, ${mb((await stat(path)).size)}) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const base = await baseline(path);
    log(
      `baseline JSON.parse (line + frame text): ${Math.round(base.events / base.seconds).toLocaleString('en')} events/s`,
    );

    const header = await readHistoryHeader(path);
    const checkpoints = [0.25, 0.5, 1].map((f) => Math.floor(EVENTS * f));
    const samples: string[] = [];
    let peakRss = 0;
    let peakHeap = 0;
    let events = 0;
    let n = 0;
    t = performance.now();
    // the same path as checkHistoryFile, with memory sampled between batches
    const scanner = createScanner(header, {}, ALL_CHECKS);
    for await (const batch of iterateHistoryBatches(path)) {
      for (const record of batch) {
        scanner.push(record);
        if (record.kind === 'frame' && record.dir === 'in' && ++events === checkpoints[0]) {
          checkpoints.shift();
          const m = process.memoryUsage();
          samples.push(`${events.toLocaleString('en')} events: rss ${mb(m.rss)}, heap ${mb(m.heapUsed)}`);
        }
      }
      if (++n % 8 === 0) {
        const m = process.memoryUsage();
        peakRss = Math.max(peakRss, m.rss);
        peakHeap = Math.max(peakHeap, m.heapUsed);
      }
    }
    const result = scanner.end();
    const seconds = (performance.now() - t) / 1000;
    const rate = events / seconds;
    log(
      `all checks (read + validate + check): ${Math.round(rate).toLocaleString('en')} events/s, ${seconds.toFixed(1)} s, ${result.findings.length} findings, ${result.stats.runs} runs`,
    );
    log(`ratio to the JSON.parse baseline: ${(rate / (base.events / base.seconds)).toFixed(2)}`);
    for (const sample of samples) log(`memory at ${sample}`);
    log(`peak rss ${mb(peakRss)}, peak heap ${mb(peakHeap)}`);
  } finally {
    if (process.env.KEEP === undefined) await rm(dir, { recursive: true, force: true });
    else log(path);
  }
}

await main();
