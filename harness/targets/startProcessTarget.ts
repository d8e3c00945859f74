import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import type { AuthConfig, TargetConfig } from '../config/GoldpathConfig.ts';
import { InfrastructureError } from '../common/GoldpathError.ts';
import { DeadlineError, waitFor } from '../common/waitFor.ts';
import { freePort } from './freePort.ts';
import { canConnect, getJson, httpStatus } from './probe.ts';
import { requiredSecret } from './resolveSecret.ts';
import type { StartedTarget, StartTargetOptions } from './StartedTarget.ts';
import { redactTokens } from './redactTokens.ts';
import { TargetLog } from './TargetLog.ts';

type ProcessConfig = Extract<TargetConfig, { kind: 'process' }>;

const withPort = (value: string, port: number): string =>
  value.replaceAll('$PORT', String(port)).replaceAll('${PORT}', String(port));

/**
 * Spawns the backend as a child process on a free port (`$PORT` in the command and env PORT), waits until it
 * is ready (HTTP readyPath 2xx and/or a log line matching readyLog; else the port accepting connections),
 * captures its output, and stops it with SIGTERM, then SIGKILL after stopTimeoutMs.
 * @example await using target = await startProcessTarget({ kind: 'process', command: ['node', '--import', 'tsx', 'reference/cli/runReference.ts', '--port', '$PORT', '--secret', 's3cret'], readyPath: '/health', ... }, { kind: 'jwt', secret: 's3cret', issuer: 'netra-auth-service' })
 */
export async function startProcessTarget(
  target: ProcessConfig,
  auth: AuthConfig,
  options: StartTargetOptions = {},
): Promise<StartedTarget> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
  for (const [key, value] of Object.entries(target.env)) env[key] = withPort(value, port);
  const secret = requiredSecret(auth, 'process', env);
  const [file, ...args] = target.command.map((part) => withPort(part, port));
  const secrets = secret === undefined ? [] : [secret];
  const commandLine = redactTokens([file, ...args].join(' '), secrets);
  const log = new TargetLog(options.logDir, secrets);
  log.add('goldpath', `$ ${commandLine}  (PORT=${port})`);

  const child = spawn(file as string, args, {
    cwd: target.cwd ? resolve(target.cwd) : process.cwd(),
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => log.write('stdout', chunk));
  child.stderr?.on('data', (chunk: Buffer) => log.write('stderr', chunk));
  let exit: { code: number | null; signal: NodeJS.Signals | null; error?: Error } | undefined;
  const exited = new Promise<void>((done) => {
    child.once('exit', (code, signal) => {
      exit ??= { code, signal };
      done();
    });
    child.once('error', (error) => {
      exit ??= { code: null, signal: null, error };
      done();
    });
  });
  const closed = new Promise<void>((done) => child.once('close', () => done()));
  const killOnExit = (): void => killGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      process.off('exit', killOnExit);
      if (!exit) {
        killGroup(child, 'SIGTERM');
        const timer = setTimeout(() => {
          log.add('goldpath', `no exit ${target.stopTimeoutMs} ms after SIGTERM: SIGKILL`);
          killGroup(child, 'SIGKILL');
        }, target.stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      }
      await log.close();
    })());

  const readyLog = target.readyLog ? new RegExp(target.readyLog) : undefined;
  let sawReadyLine = false;
  const detach = readyLog
    ? log.onLine((line) => {
        if (readyLog.test(line)) sawReadyLine = true;
      })
    : () => {};
  const httpUrl = `http://127.0.0.1:${port}`;
  const conditions =
    [
      readyLog && `a log line matching /${target.readyLog}/`,
      target.readyPath && `GET ${httpUrl}${target.readyPath} answering 2xx`,
    ]
      .filter(Boolean)
      .join(' and ') || `127.0.0.1:${port} accepting connections`;
  try {
    await waitFor(
      async () => {
        options.signal?.throwIfAborted();
        if (exit) {
          await Promise.race([closed, new Promise((done) => setTimeout(done, 300))]);
          const how = exit.error
            ? `could not be spawned (${exit.error.message})`
            : `exited early with ${exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`}`;
          throw new InfrastructureError(
            'GOLDPATH_PROCESS_EXITED',
            `target process ${how} before it was ready: ${commandLine}\n  last log lines:\n${log.tail()}`,
          );
        }
        if (readyLog && !sawReadyLine) return undefined;
        if (target.readyPath) {
          const { status } = await httpStatus(`${httpUrl}${target.readyPath}`, 1_000);
          return status !== undefined && status >= 200 && status < 300 ? true : undefined;
        }
        if (!readyLog) return (await canConnect('127.0.0.1', port, 1_000)).ok ? true : undefined;
        return true;
      },
      { what: `target process not ready`, timeoutMs: target.readyTimeoutMs, intervalMs: 100 },
    );
  } catch (error) {
    detach();
    await stop();
    if (error instanceof DeadlineError) {
      throw new InfrastructureError(
        'GOLDPATH_PROCESS_NOT_READY',
        `target process never got ready within ${target.readyTimeoutMs} ms (waited for ${conditions}): ${commandLine}\n  Raise target.readyTimeoutMs or fix target.readyPath / target.readyLog.\n  last log lines:\n${log.tail()}`,
        { cause: error },
      );
    }
    throw error;
  }
  detach();

  const metricsPath = target.metricsPath;
  return {
    kind: 'process',
    label: `process ${commandLine}`,
    wsUrl: `ws://127.0.0.1:${port}${target.wsPath}`,
    httpUrl,
    ...(secret !== undefined ? { secret } : {}),
    ...(metricsPath ? { metrics: () => getJson(`${httpUrl}${metricsPath}`) } : {}),
    logs: () => log.all(),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}

/** Signals the child's whole process group (npx and shells start grandchildren), falling back to the child. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      /* already gone */
    }
  }
}
