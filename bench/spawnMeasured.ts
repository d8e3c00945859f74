import { spawn } from 'node:child_process';

/** How a measured child process ended and the CPU it (and every process it waited for) used. */
export interface MeasuredRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** user + system CPU of the whole process tree, start-up included, in ms (10 ms resolution). */
  cpuMs: number;
  wallMs: number;
}

const MARK = 'goldpath-measured-cpu:';

/**
 * Runs a command under a shell that prints, after it exits, the CPU its children used (cutime + cstime of the shell,
 * Linux /proc): the whole process tree, worker threads and child processes included. Kills it at `timeoutMs`.
 * @example const run = await spawnMeasured(process.execPath, ['script.js'], { cwd, timeoutMs: 60_000 })
 */
export function spawnMeasured(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<MeasuredRun> {
  const started = performance.now();
  const child = spawn(
    'bash',
    ['-c', `"$@"; rc=$?; echo "${MARK}$(cat /proc/$$/stat)" >&2; exit $rc`, 'bash', command, ...args],
    { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout = (stdout + chunk.toString()).slice(-200_000)));
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-200_000)));
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, options.timeoutMs);
  return new Promise((resolve) => {
    child.once('close', (code) => {
      clearTimeout(timer);
      const line = stderr.split('\n').find((l) => l.startsWith(MARK)) ?? '';
      const fields = line.slice(MARK.length).split(') ')[1]?.split(' ') ?? [];
      const ticks = Number(fields[13]) + Number(fields[14]);
      resolve({
        code,
        stdout,
        stderr: stderr
          .split('\n')
          .filter((l) => !l.startsWith(MARK))
          .join('\n'),
        cpuMs: Number.isFinite(ticks) ? ticks * 10 : Number.NaN,
        wallMs: performance.now() - started,
      });
    });
  });
}
