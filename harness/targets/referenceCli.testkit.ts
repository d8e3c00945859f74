import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './freePort.ts';

/** Repository root, so the reference CLI runs from any cwd. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The reference backend's own CLI, as a command for a process target (`$PORT` filled in by goldpath). */
export const REFERENCE_COMMAND = (secret: string): string[] => [
  'node',
  '--import',
  'tsx',
  'reference/cli/runReference.ts',
  '--port',
  '$PORT',
  '--secret',
  secret,
];
export const REFERENCE_READY_LOG = 'goldpath reference listening on http://127\\.0\\.0\\.1:\\d+';

/** How to start a reference CLI on a port: this repository's sources by default, or an installed `goldpath reference`. */
export interface ReferenceLaunch {
  command: string;
  args(port: number): string[];
  cwd: string;
}

const FROM_SOURCES = (secret: string): ReferenceLaunch => ({
  command: 'node',
  args: (port) => ['--import', 'tsx', 'reference/cli/runReference.ts', '--port', String(port), '--secret', secret],
  cwd: REPO_ROOT,
});

/** Starts the reference CLI by hand on a known free port, as an operator would; resolves once it listens. */
export async function startReferenceCli(
  secret: string,
  launch: ReferenceLaunch = FROM_SOURCES(secret),
): Promise<{ port: number; child: ChildProcess; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(launch.command, launch.args(port), { cwd: launch.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`reference CLI not listening within 20000 ms:\n${output}`)),
      20_000,
    );
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes(`listening on http://127.0.0.1:${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`reference CLI exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    port,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
