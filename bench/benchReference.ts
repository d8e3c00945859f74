// Load benchmark of the reference backend: a bare `ws` client holds many authenticated connections on 127.0.0.1
// and runs the golden path on each, against the reference backend and against a bare-ws baseline server that
// sends the same number of canned frames (the transport ceiling on this machine), so the figures come with a ratio.
//
//   npx tsx bench/benchReference.ts [--connections 1000] [--duration-s 10] [--latency-ms 0] [--no-baseline]
//   [--agent-shape pipeline|single] [--reference-url ws://127.0.0.1:<port>/ws]  (an already running backend, e.g. one
//   started under --cpu-prof). In the pipeline shape a run ends with the Supervisor's agent_completed.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as hdr from 'hdr-histogram-js';
import WebSocket, { WebSocketServer } from 'ws';
import { signTestToken } from '../reference/signTestToken.ts';

const { values: args } = parseArgs({
  options: {
    connections: { type: 'string', default: '1000' },
    'duration-s': { type: 'string', default: '10' },
    'latency-ms': { type: 'string', default: '0' },
    'open-concurrency': { type: 'string', default: '100' },
    'deadline-s': { type: 'string', default: '180' },
    'no-baseline': { type: 'boolean', default: false },
    'serve-baseline': { type: 'boolean', default: false },
    'agent-shape': { type: 'string', default: 'pipeline' },
    /** Bench an already running reference backend (started with --secret goldpath-bench-secret-0123456789abcdef). */
    'reference-url': { type: 'string' },
  },
});

const CONNECTIONS = boundedInt('connections', args.connections, 1, 5000);
const DURATION_MS = boundedInt('duration-s', args['duration-s'], 1, 120) * 1000;
const LATENCY_MS = boundedInt('latency-ms', args['latency-ms'], 0, 1000);
const OPEN_CONCURRENCY = boundedInt('open-concurrency', args['open-concurrency'], 1, 1000);
const HARD_DEADLINE_MS = boundedInt('deadline-s', args['deadline-s'], 10, 900) * 1000;
const HOST = '127.0.0.1';
const REFERENCE_URL = loopbackUrl(args['reference-url']);
const SECRET = 'goldpath-bench-secret-0123456789abcdef';
const TARGET_CONNECTIONS = 1000;
const TARGET_EVENTS_PER_SECOND = 20_000;
/** The type of a lifecycle frame, in the head of the frame (emitter frames put it after timestamp and critical). */
const LIFECYCLE = /"type":"(agent_started|agent_thinking|tool_executing|tool_completed|agent_completed|agent_error)"/;
const HEAD_BYTES = 200;
const SHAPE = args['agent-shape'];
if (SHAPE !== 'pipeline' && SHAPE !== 'single') {
  process.stderr.write(`benchReference: --agent-shape must be pipeline or single, received ${SHAPE}\n`);
  process.exit(2);
}
/** The agent whose agent_completed ends a run of the pipeline (its bridge frames name it at the top). */
const ROOT_AGENT = '"agent_name":"Supervisor"';

function boundedInt(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) {
    process.stderr.write(`benchReference: --${name} must be an integer from ${min} to ${max}, received ${value}\n`);
    process.exit(2);
  }
  return n;
}

function loopbackUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || url.protocol !== 'ws:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    process.stderr.write(`benchReference: --reference-url must be a ws:// URL on 127.0.0.1, received ${value}\n`);
    process.exit(2);
  }
  return url.href;
}

interface PhaseResult {
  label: string;
  connectionsHeld: number;
  openMs: number;
  runs: number;
  events: number;
  elapsedMs: number;
  errors: number;
  startedLatency: hdr.Histogram;
}

/** Spawns a server process and resolves with its base URL once it prints `pattern`; rejects after 30 s. */
async function spawnServer(command: string[], pattern: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const [executable = process.execPath, ...rest] = command;
  const child = spawn(executable, rest, {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`server did not announce itself within 30000 ms; output: ${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; output: ${output}`));
    });
  });
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** Opens `count` authenticated sockets, at most OPEN_CONCURRENCY at a time, each waiting for its welcome. */
async function openConnections(wsUrl: string, tokens: string[]): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  let next = 0;
  const openOne = (token: string): Promise<WebSocket> =>
    new Promise((resolve, reject) => {
      const socket = new WebSocket(wsUrl, [`jwt.${token}`], { perMessageDeflate: false });
      const timer = setTimeout(() => {
        socket.terminate();
        reject(new Error(`no welcome within 10000 ms on connection ${sockets.length + 1} of ${tokens.length}`));
      }, 10_000);
      socket.once('message', () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
  const worker = async (): Promise<void> => {
    while (next < tokens.length) {
      const token = tokens[next++] as string;
      sockets.push(await openOne(token));
    }
  };
  await Promise.all(Array.from({ length: Math.min(OPEN_CONCURRENCY, tokens.length) }, worker));
  return sockets;
}

/** Every socket runs golden paths back to back until the duration is over; resolves when all are idle. */
function runGoldenPaths(
  label: string,
  sockets: WebSocket[],
  deadline: number,
): Promise<Omit<PhaseResult, 'openMs' | 'label'>> {
  const startedLatency = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 120_000_000,
    numberOfSignificantValueDigits: 3,
  });
  let events = 0;
  let runs = 0;
  let errors = 0;
  let active = sockets.length;
  const start = performance.now();
  const stopIssuingAt = start + DURATION_MS;
  let lastCompletion = start;
  return new Promise((resolve, reject) => {
    const finish = (): void => {
      clearTimeout(hardStop);
      const connectionsHeld = sockets.filter((socket) => socket.readyState === WebSocket.OPEN).length;
      resolve({ connectionsHeld, runs, events, elapsedMs: lastCompletion - start, errors, startedLatency });
    };
    const hardStop = setTimeout(
      () => {
        reject(
          new Error(
            `${label}: ${active} connections still running at the hard deadline; ${runs} runs, ${events} events so far`,
          ),
        );
      },
      Math.max(0, deadline - Date.now()),
    );
    sockets.forEach((socket, index) => {
      let sentAt = 0;
      let sequence = 0;
      let awaitingStart = true;
      const send = (): void => {
        sentAt = performance.now();
        awaitingStart = true;
        socket.send(
          `{"type":"start_agent","payload":{"user_request":"bench ${index}-${++sequence} [tools:1]","thread_id":null}}`,
        );
      };
      socket.on('message', (data: Buffer) => {
        const head = data.toString('latin1', 0, HEAD_BYTES);
        const match = LIFECYCLE.exec(head);
        if (!match) {
          if (data.includes('"error_message"')) errors++;
          return;
        }
        events++;
        const type = match[1];
        if (type === 'agent_started' && awaitingStart) {
          awaitingStart = false;
          startedLatency.recordValue(Math.max(1, Math.round((performance.now() - sentAt) * 1000)));
        } else if (
          (type === 'agent_completed' || type === 'agent_error') &&
          (SHAPE === 'single' || head.includes(ROOT_AGENT))
        ) {
          runs++;
          lastCompletion = performance.now();
          if (lastCompletion < stopIssuingAt) send();
          else if (--active === 0) finish();
        }
      });
      socket.on('close', () => {
        if (socket.readyState === WebSocket.CLOSED && active > 0 && performance.now() < stopIssuingAt) errors++;
      });
      send();
    });
  });
}

async function runPhase(label: string, wsUrl: string, tokens: string[], deadline: number): Promise<PhaseResult> {
  const openStart = performance.now();
  const sockets = await openConnections(wsUrl, tokens);
  const openMs = performance.now() - openStart;
  try {
    return { label, openMs, ...(await runGoldenPaths(label, sockets, deadline)) };
  } finally {
    for (const socket of sockets) socket.terminate();
  }
}

function report(result: PhaseResult): string {
  const perSecond = result.events / (result.elapsedMs / 1000);
  const ms = (percentile: number): string => (result.startedLatency.getValueAtPercentile(percentile) / 1000).toFixed(2);
  return [
    `${result.label}:`,
    `  connections held      ${result.connectionsHeld} (opened in ${(result.openMs / 1000).toFixed(2)} s)`,
    `  golden-path runs      ${result.runs} in ${(result.elapsedMs / 1000).toFixed(2)} s, ${result.errors} errors`,
    `  events/s              ${Math.round(perSecond)}`,
    `  request→agent_started p50 ${ms(50)} ms, p99 ${ms(99)} ms, max ${(result.startedLatency.maxValue / 1000).toFixed(2)} ms`,
  ].join('\n');
}

/** The baseline: accepts any socket, welcomes it, and answers start_agent with the canned frames of one run of the shape. */
async function serveBaseline(): Promise<void> {
  const frames = SHAPE === 'single' ? singleAgentFrames() : pipelineFrames();
  const wss = new WebSocketServer({
    host: HOST,
    port: 0,
    perMessageDeflate: false,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  wss.on('connection', (socket) => {
    socket.send('{"type":"connection_established","data":{"mode":"main"}}');
    const raw = (socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    socket.on('message', () => {
      // Corked like the reference backend's sessions, so the ratio compares work, not syscall batching.
      raw?.cork();
      for (const frame of frames) socket.send(frame);
      process.nextTick(() => raw?.uncork());
    });
  });
  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  process.stdout.write(`baseline listening on ws://${HOST}:${port}/ws\n`);
  const stop = (): void => {
    wss.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

/** One run of the single shape, at realistic size. */
function singleAgentFrames(): string[] {
  const base =
    '"event_id":"evt_00000000_1","timestamp":"2026-01-01T00:00:00.000Z","critical":true,"user_id":"bench-user-00001","thread_id":"thread_agent_1_00000000","run_id":"run_agent_2_00000000","request_id":"req_agent_2_00000000","agent_name":"triage_agent"';
  const text = '"bench 1-1 [tools:1]"';
  return [
    `{"type":"agent_started",${base},"task_description":"Answer the user's request: ${text.slice(1, -1)}"}`,
    `{"type":"agent_thinking",${base},"reasoning":"Reading the request ${text.slice(1, -1)} to decide which data sources to consult."}`,
    `{"type":"agent_thinking",${base},"reasoning":"Comparing what the tools returned with what was asked: ${text.slice(1, -1)}."}`,
    `{"type":"tool_executing",${base},"tool_name":"search_knowledge_base","tool_args":{"query":${text},"step":1},"parameters":{"query":${text},"step":1},"execution_id":"run_agent_2_00000000_tool_1"}`,
    `{"type":"tool_completed",${base},"tool_name":"search_knowledge_base","results":{"query":${text},"summary":"search_knowledge_base found 2 items","items":[{"id":"a","score":0.5},{"id":"b","score":0.25}]},"execution_time":0,"duration":0,"execution_id":"run_agent_2_00000000_tool_1","success":true}`,
    `{"type":"agent_completed",${base},"status":"completed","final_response":"Here is my answer to ${text.slice(1, -1)}: 1 tool call informed it."}`,
  ];
}

/** One run of the supervisor pipeline (Supervisor; triage, data with one tool, reporting), at realistic size. */
function pipelineFrames(): string[] {
  const text = 'bench 1-1 [tools:1]';
  const ids = '"run_id":"run_agent_2_00000000","request_id":"req_agent_2_00000000"';
  const who = '"user_id":"bench-user-00001","thread_id":"thread_agent_1_00000000"';
  const tier = '"user_tier":"free","is_priority_queue":false';
  const head = (type: string): string => `{"timestamp":"2026-01-01T00:00:00.000Z","critical":true,"type":"${type}"`;
  const bridge = (type: string, data: string): string =>
    `{"type":"${type}","run_id":"run_agent_2_00000000","user_id":"bench-user-00001","agent_name":"Supervisor","timestamp":"2026-01-01T00:00:00.000Z","data":${data}}`;
  const started = (agent: string): string =>
    `${head('agent_started')},${who},"agent_name":"${agent}","task_description":"Processing request","metadata":{"status":"started","user_isolated":true,"user_id":"bench-user-00001","context":{"user_request":"${text}"},${tier}},"status":"started",${ids}}`;
  const thinking = (agent: string): string =>
    `${head('agent_thinking')},"reasoning":"Working on the request \\"${text}\\" for ${agent}.",${who},"metadata":{"step_number":1,"agent_name":"${agent}",${tier}},${ids}}`;
  const completed = (agent: string, final: string): string =>
    `${head('agent_completed')},"status":"completed","final_response":"${final}",${who},"agent_name":"${agent}","metadata":{"agent_name":"${agent}","success":true,"duration_ms":0,"status":"completed","user_isolated":true,"user_id":"bench-user-00001","engine_id":"engine_1","error":null,"execution_time_ms":0,${tier}},${ids}}`;
  const results = `{"query":"${text}","summary":"search_knowledge_base found 2 items","items":[{"id":"a","score":0.5},{"id":"b","score":0.25}]}`;
  return [
    bridge(
      'agent_started',
      '{"status":"started","context":{"status":"starting","isolated":true},"message":"Supervisor has started processing your request"}',
    ),
    bridge(
      'agent_thinking',
      `{"reasoning":"Analyzing your request and selecting appropriate agents...","step_number":1,"progress_percentage":null,"status":"thinking","business_progress":{"phase":"analysis"}}`,
    ),
    started('triage'),
    thinking('triage'),
    completed('triage', 'Task completed'),
    started('data'),
    thinking('data'),
    `${head('tool_executing')},"tool_name":"search_knowledge_base","tool_args":{"query":"${text}","step":1},"parameters":{"query":"${text}","step":1},"execution_id":null,${who},"metadata":{${tier}},"status":"executing",${ids}}`,
    `${head('tool_completed')},"tool_name":"search_knowledge_base","results":${results},"execution_time":0,"duration":0,"execution_id":null,"success":true,${who},"metadata":{"result":${results},${tier}},"status":"completed",${ids}}`,
    completed('data', 'Task completed'),
    started('reporting'),
    thinking('reporting'),
    completed('reporting', `Report for ${text}: 1 tool call informed it.`),
    bridge(
      'agent_completed',
      '{"status":"completed","result":{"supervisor_result":"completed"},"execution_time_ms":null,"message":"Supervisor has completed processing your request"}',
    ),
  ];
}

async function main(): Promise<number> {
  const deadline = Date.now() + HARD_DEADLINE_MS;
  const guard = setTimeout(() => {
    process.stderr.write(`benchReference: hard deadline of ${HARD_DEADLINE_MS} ms reached, exiting\n`);
    process.exit(1);
  }, HARD_DEADLINE_MS + 10_000);
  guard.unref();
  process.stdout.write(
    `benchReference: ${CONNECTIONS} connections, ${DURATION_MS / 1000} s of golden paths per phase, ${SHAPE} shape, latency ${LATENCY_MS} ms, node ${process.version}\n`,
  );
  const tokens = await Promise.all(
    Array.from({ length: CONNECTIONS }, (_, i) =>
      signTestToken({ secret: SECRET, userId: `bench-user-${String(i).padStart(5, '0')}` }),
    ),
  );
  const results: PhaseResult[] = [];
  const script = fileURLToPath(import.meta.url);
  if (!args['no-baseline']) {
    const baseline = await spawnServer(
      [process.execPath, '--import', 'tsx', script, '--serve-baseline', '--agent-shape', SHAPE],
      /baseline listening on (ws:\/\/\S+)/,
    );
    try {
      results.push(await runPhase('bare ws baseline (canned frames)', baseline.url, tokens, deadline));
    } finally {
      await stopServer(baseline.child);
    }
    process.stdout.write(`${report(results[0] as PhaseResult)}\n`);
  }
  let referenceResult: PhaseResult;
  if (REFERENCE_URL !== undefined) {
    referenceResult = await runPhase('reference backend (already running)', REFERENCE_URL, tokens, deadline);
  } else {
    const reference = await spawnServer(
      [
        process.execPath,
        '--import',
        'tsx',
        'reference/cli/runReference.ts',
        '--port',
        '0',
        '--host',
        HOST,
        '--secret',
        SECRET,
        '--latency-ms',
        String(LATENCY_MS),
        '--agent-shape',
        SHAPE,
      ],
      /goldpath reference listening on (http:\/\/\S+)/,
    );
    try {
      referenceResult = await runPhase(
        'reference backend',
        `${reference.url.replace('http', 'ws')}/ws`,
        tokens,
        deadline,
      );
    } finally {
      await stopServer(reference.child);
    }
  }
  results.push(referenceResult);
  process.stdout.write(`${report(referenceResult)}\n`);
  const eventsPerSecond = referenceResult.events / (referenceResult.elapsedMs / 1000);
  const baseline = results.length === 2 ? (results[0] as PhaseResult) : undefined;
  if (baseline) {
    const baselineRate = baseline.events / (baseline.elapsedMs / 1000);
    process.stdout.write(
      `ratio: reference events/s = ${((eventsPerSecond / baselineRate) * 100).toFixed(1)}% of the bare ws baseline\n`,
    );
  }
  const met = referenceResult.connectionsHeld >= TARGET_CONNECTIONS && eventsPerSecond >= TARGET_EVENTS_PER_SECOND;
  process.stdout.write(
    `targets (>= ${TARGET_CONNECTIONS} connections, >= ${TARGET_EVENTS_PER_SECOND} events/s): ${met ? 'met' : 'NOT met'}\n`,
  );
  return 0;
}

if (args['serve-baseline']) {
  await serveBaseline();
} else {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`benchReference: ${(error as Error).message}\n`);
      process.exit(3);
    },
  );
}
