import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { GOLDPATH_CLI, GOLDPATH_ROOT } from './startReferenceProcess.ts';

/** The built-in scenario the load benchmarks run. */
export const CONCURRENT_SCENARIO = 'concurrent users each get only';

/** `goldpath run` of the concurrent scenario at `users` against `wsUrl`; `stderr()` is the last 20,000 characters. */
export function spawnConcurrentRun(options: {
  users: number;
  wsUrl: string;
  secret: string;
  workers: number;
  outDir: string;
  budgetS: number;
}): { child: ChildProcessByStdio<null, null, Readable>; stderr(): string } {
  const { users, wsUrl, secret, workers, outDir, budgetS } = options;
  const child = spawn(
    process.execPath,
    [
      GOLDPATH_CLI,
      'run',
      '--target',
      wsUrl,
      '--secret',
      secret,
      '--project',
      'protocol',
      '--scenario',
      CONCURRENT_SCENARIO,
      '--users',
      String(users),
      '--workers',
      String(workers),
      '--out',
      outDir,
      '--quiet',
      '--max-duration',
      `${budgetS}s`,
    ],
    { cwd: GOLDPATH_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-20_000)));
  return { child, stderr: () => err };
}
