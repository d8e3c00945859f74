import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** The goldpath CLI, for benchmarks that run it (or its reference backend) as a process of its own. */
export const GOLDPATH_CLI = join(ROOT, 'bin/goldpath.mjs');
export const GOLDPATH_ROOT = ROOT;

/** The reference backend running as a process of its own (`goldpath reference`). */
export interface ReferenceProcess {
  child: ChildProcess;
  pid: number;
  wsUrl: string;
  secret: string;
  /** CPU (user + system) the backend process has used so far, in ms. */
  cpuMs(): number | undefined;
  stop(): Promise<void>;
}

/**
 * utime + stime of a process in ms, from Linux /proc; undefined where there is no /proc or the process is gone.
 * @example const before = processCpuMs(pid); ...; const used = processCpuMs(pid)! - before!
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/**
 * Starts `goldpath reference --port 0` and waits (30 s at most) for its listening line.
 * @example const ref = await startReferenceProcess({ secret, args: ['--latency-ms', '0'] }); ...; await ref.stop()
 */
export async function startReferenceProcess(options: { secret: string; args?: string[] }): Promise<ReferenceProcess> {
  const child = spawn(
    process.execPath,
    [GOLDPATH_CLI, 'reference', '--port', '0', '--secret', options.secret, ...(options.args ?? [])],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const wsUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the reference backend printed no listening line within 30000 ms: ${out}`));
    }, 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-4000);
      const m = /listening on http:\/\/(127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`ws://${m[1]}/ws`);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the reference backend exited with ${code}: ${out}`));
    });
  });
  // keep draining its log so a chatty backend never blocks on a full pipe
  child.stdout!.resume();
  const pid = child.pid!;
  return {
    child,
    pid,
    wsUrl,
    secret: options.secret,
    cpuMs: () => processCpuMs(pid),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
