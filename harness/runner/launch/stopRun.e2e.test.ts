import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Summary } from '../../../contracts/index.ts';
import { startHostileBackend, type StartedHostileBackend } from '../../../test/backends/hostileBackend.ts';

// Killing goldpath mid-run (TERM, and KILL that it cannot catch) leaves no process of the run alive 2 s later, and no
// report ever says "passed" for a run that was stopped.
const CLI = fileURLToPath(new URL('../../../bin/goldpath.mjs', import.meta.url));
let dir: string;
let backend: StartedHostileBackend;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-stop-'));
  // runs that stall: the scenario would keep going for a minute if nothing stopped it
  backend = await startHostileBackend({ mode: 'stall' });
  await writeFile(
    join(dir, 'goldpath.config.mjs'),
    'export default { sla: { startSlaMs: 60000, maxGapMs: 60000, runDeadlineMs: 60000 } };\n',
  );
});
afterAll(async () => {
  await backend.close();
  await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The pid and every descendant of it (Linux /proc). */
function tree(pid: number): number[] {
  const pids = [pid];
  try {
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
      if (children !== '') for (const child of children.split(/\s+/)) pids.push(...tree(Number(child)));
    }
  } catch {
    // it ended meanwhile
  }
  return pids;
}

function alive(pid: number): boolean {
  try {
    // a zombie (exited, not yet reaped by its parent) is not running
    return !readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.startsWith('Z');
  } catch {
    return false;
  }
}

/** Those of `pids` still running once all have ended or `ms` have passed, whichever comes first. */
async function runningAfter(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (pids.some(alive) && Date.now() < deadline) await sleep(50);
  return pids.filter(alive);
}

async function startRun(name: string): Promise<{ pid: number; out: string; exited: Promise<number | null> }> {
  const out = join(dir, name);
  const child = spawn(
    process.execPath,
    [
      CLI,
      'run',
      '--target',
      backend.wsUrl,
      '--secret',
      backend.secret,
      '--project',
      'protocol',
      '--scenario',
      'concurrent users each get only',
      '--workers',
      '1',
      '--out',
      out,
      '--config',
      join(dir, 'goldpath.config.mjs'),
      '--quiet',
    ],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal === 'SIGKILL' ? 137 : null))),
  );
  // running: the scenario's history has its first frames
  for (let i = 0; i < 300; i++) {
    const histories = join(out, 'histories');
    if (
      existsSync(histories) &&
      readdirSync(histories).some((f) => readFileSync(join(histories, f), 'utf8').includes('"kind":"frame"'))
    )
      break;
    await sleep(100);
  }
  return { pid: child.pid!, out, exited };
}

describe('stopping goldpath mid-run', () => {
  it('on SIGTERM stops the runner and its workers within 2 s, ends the histories and reports interrupted, exit 143', async () => {
    const { pid, out, exited } = await startRun('term');
    const pids = tree(pid);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    process.kill(pid, 'SIGTERM');
    expect(await runningAfter(pids, 2000)).toEqual([]);
    expect(await exited).toBe(143);
    const summary = Summary.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(summary).toMatchObject({ status: 'interrupted', stoppedBy: 'SIGTERM' });
    const [history] = readdirSync(join(out, 'histories'));
    expect(
      readFileSync(join(out, 'histories', history!), 'utf8')
        .trimEnd()
        .split('\n')
        .at(-1),
    ).toMatch(/"kind":"end","reason":"interrupted"/);
  });

  it('on SIGKILL its children notice and stop within 2 s, and no report says passed', async () => {
    const { pid, out, exited } = await startRun('kill');
    const pids = tree(pid);
    expect(pids.length).toBeGreaterThanOrEqual(3);
    process.kill(pid, 'SIGKILL');
    expect(await runningAfter(pids, 2000)).toEqual([]);
    expect(await exited).toBe(137);
    const summary = Summary.parse(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(summary).toMatchObject({ status: 'interrupted', stoppedBy: 'parent_died' });
    expect(summary.scenarios.map((s) => s.status)).toEqual(['interrupted']);
  });
});
