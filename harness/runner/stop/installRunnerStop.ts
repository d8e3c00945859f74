import { readdirSync, readFileSync } from 'node:fs';
import { readStopReason, writeStopReason, type StopReason } from './stopReason.ts';
import { watchParent } from './watchParent.ts';

export interface RunnerStopOptions {
  outDir: string;
  /** Called when Playwright did not finish its interrupted run in time: write what we have, now, synchronously. */
  onDeadline: (reason: StopReason | undefined) => void;
  /** How long Playwright gets to write its reports after the stop. Default 1500 ms. */
  graceMs?: number;
}

/** The pids of this process's children (Linux /proc; empty elsewhere). */
function childPids(): number[] {
  const pids: number[] = [];
  try {
    for (const task of readdirSync('/proc/self/task')) {
      const text = readFileSync(`/proc/self/task/${task}/children`, 'utf8').trim();
      if (text !== '') pids.push(...text.split(/\s+/).map(Number));
    }
  } catch {
    // not Linux: the workers still stop on their own (IPC disconnect, parent watch)
  }
  return pids;
}

/**
 * In the Playwright runner of a goldpath run: SIGTERM, a stop asked by goldpath, or the goldpath process dying stops the
 * run the same way: note why, stop the workers at once (they end their histories), and let Playwright finish as
 * interrupted so the reports are written with that status; `onDeadline` runs if Playwright takes longer than the grace.
 * Returns a function that triggers the stop (e.g. when the time budget runs out).
 */
export function installRunnerStop(options: RunnerStopOptions): (reason: StopReason) => void {
  let stopping = false;
  const stop = (reason: StopReason): void => {
    writeStopReason(options.outDir, reason);
    if (stopping) return;
    stopping = true;
    for (const pid of childPids()) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    // Playwright's own interruption path: workers are stopped, reporters get onEnd({ status: 'interrupted' })
    process.emit('SIGINT');
    setTimeout(() => {
      options.onDeadline(readStopReason(options.outDir) ?? reason);
      process.exit(reason === 'SIGINT' ? 130 : 143);
    }, options.graceMs ?? 1500);
  };
  if (process.env.GOLDPATH_PARENT_PID !== undefined) {
    // stdout and stderr may be pipes to goldpath: if it dies, writing must not kill us before the reports are out
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    process.on('SIGTERM', () => stop('SIGTERM'));
    watchParent(() => stop('parent_died'));
  }
  return stop;
}
