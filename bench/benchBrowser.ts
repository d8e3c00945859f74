/**
 * What a concurrent browser user costs: Chromium memory (PSS of the browser's process tree) and CPU per user, and how
 * many fit on this machine with the golden path still within its SLA (request → agent_started ≤ 5 s, no findings).
 * Steps up the number of users (each its own context and tab on /chat, one request each); every step's frames go
 * through the same checks as the browser project. The baseline is the same requests from bare `ws` clients in the same
 * run (the ratio of request → agent_completed p50). 127.0.0.1 only; bounded; stops by itself.
 *   npm run bench:browser [-- --steps 1,10,20,40,80 --max-seconds 300]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { freemem, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from '@playwright/test';
import WebSocket from 'ws';
import { makeCanary } from '../contracts/index.ts';
import { checkHistoryFile } from '../harness/checks/checkHistory.ts';
import { log } from '../harness/common/log.ts';
import { HistoryWriter } from '../harness/recorder/HistoryWriter.ts';
import { BrowserUserPool } from '../harness/runner/browser/BrowserUserPool.ts';
import { chromiumLaunchOptions } from '../harness/runner/browser/chromiumLaunchOptions.ts';
import { signTestToken } from '../reference/signTestToken.ts';
import { startReferenceBackend } from '../reference/startReferenceBackend.ts';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '1,10,20,40,80' },
    'max-seconds': { type: 'string', default: '300' },
    'latency-ms': { type: 'string', default: '2' },
  },
});
const STEPS = values.steps
  .split(',')
  .map(Number)
  .filter((n) => Number.isInteger(n) && n > 0 && n <= 200);
const MAX_MS = Math.min(900, Number(values['max-seconds'])) * 1000;
const SLA = { startSlaMs: 5_000, maxGapMs: 15_000, runDeadlineMs: 60_000 };
const CLK_TCK = 100;
const started = performance.now();

/** The browser's process tree: PSS in bytes and CPU in ms (utime + stime) of every live process. */
function treeUsage(root: number): { pssBytes: number; cpuMs: number; processes: number } {
  const parent = new Map<number, number>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(name), Number(fields[1]));
      cpu.set(Number(name), ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK);
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid, hops = 0; p !== undefined && p > 1 && hops < 20; p = parent.get(p), hops++)
      if (p === root) return true;
    return false;
  };
  let pssBytes = 0;
  let cpuMs = 0;
  let processes = 0;
  for (const pid of parent.keys()) {
    if (!inTree(pid)) continue;
    processes++;
    cpuMs += cpu.get(pid) ?? 0;
    try {
      const pss = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      pssBytes += Number(pss?.[1] ?? 0) * 1024;
    } catch {
      // gone meanwhile
    }
  }
  return { pssBytes, cpuMs, processes };
}

const p50 = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const mb = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/** The baseline: one bare ws client per user, the same request, timed to agent_completed. */
async function bareRuns(httpWs: string, secret: string, n: number): Promise<number[]> {
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const token = await signTestToken({ secret, userId: `bench-bare-${n}-${i}` });
      const ws = new WebSocket(httpWs, [`jwt.${token}`]);
      await new Promise((resolve, reject) => (ws.once('open', resolve), ws.once('error', reject)));
      const t0 = performance.now();
      const done = new Promise<number>((resolve) =>
        ws.on(
          'message',
          (data) => JSON.parse(String(data)).type === 'agent_completed' && resolve(performance.now() - t0),
        ),
      );
      ws.send(
        JSON.stringify({
          type: 'start_agent',
          payload: {
            user_request: `Question ${i} [tools:1] [ref ${makeCanary()}]`,
            thread_id: null,
            context: { source: 'message_input' },
            settings: {},
          },
        }),
      );
      const ms = await Promise.race([
        done,
        new Promise<number>((resolve) => setTimeout(() => resolve(Number.NaN), 30_000)),
      ]);
      ws.close();
      return ms;
    }),
  );
}

const backend = await startReferenceBackend({ latencyMs: Number(values['latency-ms']), maxConnectionsPerUser: 10 });
const server = await chromium.launchServer(chromiumLaunchOptions());
const browser = await chromium.connect(server.wsEndpoint());
const root = server.process().pid ?? 0;
const dir = await mkdtemp(join(tmpdir(), 'goldpath-bench-browser-'));

interface Step {
  users: number;
  pssMb: number;
  pssPerUserMb: number;
  openMsPerUser: number;
  cpuMsPerUserRun: number;
  idleCpuPctPerUser: number;
  runP50Ms: number;
  bareP50Ms: number;
  ratio: number;
  findings: number;
  slaOk: boolean;
}
const results: Step[] = [];
try {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const idle = treeUsage(root);
  log(
    `browser idle: ${idle.processes} processes, PSS ${mb(idle.pssBytes)} MB; machine ${mb(totalmem())} MB total, ${mb(freemem())} MB free`,
  );
  for (const users of STEPS) {
    if (performance.now() - started > MAX_MS) {
      log(`stopping before ${users} users: the --max-seconds budget is spent`, 'warn');
      break;
    }
    const path = join(dir, `step-${users}.jsonl`);
    const history = await HistoryWriter.open(path, { scenario: `bench ${users} browser users`, expectations: SLA });
    const pool = new BrowserUserPool({
      browser,
      httpUrl: backend.httpUrl,
      history,
      tag: `bench${users}`,
      sign: (userId) => signTestToken({ secret: backend.secret, userId }),
      connectTimeoutMs: 60_000,
    });
    const openStart = performance.now();
    const people = await pool.open(users);
    const openMs = performance.now() - openStart;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = treeUsage(root);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const idleAfter = treeUsage(root);
    const runStart = performance.now();
    await Promise.all(people.map((p, i) => p.ask(`Question ${i + 1}: what changed this week? [tools:1]`)));
    let runOk = true;
    await pool.waitForAnswers({ timeoutMs: SLA.runDeadlineMs }).catch((error: Error) => {
      runOk = false;
      log(`step ${users}: ${error.message}`, 'warn');
    });
    const runMs = performance.now() - runStart;
    const after = treeUsage(root);
    await pool.closeAll();
    await history.close();
    const check = await checkHistoryFile(path);
    const findings = check.findings.filter((f) => f.severity === 'error').length;
    const terminal = check.latency.terminal?.p50 ?? Number.NaN;
    const bare = p50(await bareRuns(backend.wsUrl, backend.secret, users));
    const step: Step = {
      users,
      pssMb: Number(mb(before.pssBytes)),
      pssPerUserMb: Number(mb((before.pssBytes - idle.pssBytes) / users)),
      openMsPerUser: Math.round(openMs / users),
      cpuMsPerUserRun: Math.round((after.cpuMs - idleAfter.cpuMs) / users),
      idleCpuPctPerUser: Number((((idleAfter.cpuMs - before.cpuMs) / 2000 / users) * 100).toFixed(2)),
      runP50Ms: Math.round(terminal),
      bareP50Ms: Math.round(bare),
      ratio: Number((terminal / bare).toFixed(1)),
      findings,
      slaOk: runOk && findings === 0,
    };
    results.push(step);
    log(
      `${users} users: PSS ${step.pssMb} MB (${step.pssPerUserMb} MB/user), open ${step.openMsPerUser} ms/user, run CPU ${step.cpuMsPerUserRun} ms/user, idle CPU ${step.idleCpuPctPerUser}%/user, request→completed p50 ${step.runP50Ms} ms (bare ws ${step.bareP50Ms} ms, ×${step.ratio}), wall ${Math.round(runMs)} ms, findings ${findings}${step.slaOk ? '' : ' — SLA BROKEN'}`,
    );
    if (!step.slaOk) break;
  }
} finally {
  await browser.close().catch(() => undefined);
  await server.close().catch(() => undefined);
  await backend.stop();
  await rm(dir, { recursive: true, force: true });
}

const ok = results.filter((r) => r.slaOk);
const largest = ok.at(-1);
// the marginal cost between the smallest and the largest step: the first user also pays for shared browser processes
const first = ok[0];
const perUser =
  first !== undefined && largest !== undefined && largest.users > first.users
    ? Number(((largest.pssMb - first.pssMb) / (largest.users - first.users)).toFixed(1))
    : (first?.pssPerUserMb ?? Number.NaN);
const fitByMemory = Math.floor(((freemem() / 2 ** 20) * 0.8) / perUser);
log('figures:');
log(
  `  memory per browser user: ${perUser} MB PSS marginal (Chromium tree, one context + one /chat tab each; the first costs ${first?.pssPerUserMb ?? '?'} MB)`,
);
log(
  `  CPU per browser user: ${largest?.cpuMsPerUserRun ?? '?'} ms for one golden path, ${largest?.idleCpuPctPerUser ?? '?'}% of a core while idle-connected; opening one costs ${largest?.openMsPerUser ?? '?'} ms of wall time`,
);
log(
  `  within SLA up to the largest step measured: ${largest?.users ?? 0} users${results.length > ok.length ? ` (the ${results.at(-1)?.users}-user step broke it)` : ''}`,
);
log(`  memory alone would allow ≈ ${fitByMemory} users in 80% of the ${mb(freemem())} MB free now`);
log(`  JSON: ${JSON.stringify(results)}`);
