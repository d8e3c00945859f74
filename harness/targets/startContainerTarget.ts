import { execFileSync } from 'node:child_process';
import type { AuthConfig, TargetConfig } from '../config/GoldpathConfig.ts';
import { GoldpathError, InfrastructureError } from '../common/GoldpathError.ts';
import { log } from '../common/log.ts';
import { DeadlineError, waitFor } from '../common/waitFor.ts';
import { detectContainerEngine } from './detectContainerEngine.ts';
import { freePort } from './freePort.ts';
import { canConnect, getJson, httpStatus } from './probe.ts';
import { requiredSecret } from './resolveSecret.ts';
import type { StartedTarget, StartTargetOptions } from './StartedTarget.ts';
import { TargetLog } from './TargetLog.ts';

type ContainerConfig = Extract<TargetConfig, { kind: 'container' }>;
type Dependency = ContainerConfig['dependencies'][number];
type Started = { name: string; id: string; stop(): Promise<unknown> };

const withPort = (value: string, port: number): string =>
  value.replaceAll('$PORT', String(port)).replaceAll('${PORT}', String(port));

/** redis://, postgres:// or tcp://127.0.0.1:<port>, by the dependency's image name unless `url` says otherwise. */
export function dependencyUrl(dependency: Dependency, port: number): string {
  if (dependency.url) return withPort(dependency.url, port);
  const scheme = /redis/i.test(dependency.image) ? 'redis' : /postgres/i.test(dependency.image) ? 'postgres' : 'tcp';
  return `${scheme}://127.0.0.1:${port}`;
}

/**
 * Starts the backend image with testcontainers on the host network (listening on 127.0.0.1), after its
 * dependency containers (e.g. Redis), whose URLs it gets by env (`exposeAs`). Checks for a container engine
 * first, so a machine without one fails in about a second with exit 3 and how to provide one.
 * @example await using target = await startContainerTarget({ kind: 'container', image: 'goldpath-reference:local', readyLog: 'listening on', dependencies: [{ name: 'redis', image: 'goldpath-redis:local', readyLog: 'Ready to accept', exposeAs: 'REDIS_URL' }], ... }, auth)
 */
export async function startContainerTarget(
  target: ContainerConfig,
  auth: AuthConfig,
  options: StartTargetOptions = {},
): Promise<StartedTarget> {
  const port = target.port ?? (await freePort());
  const env: Record<string, string> = { PORT: String(port) };
  for (const [key, value] of Object.entries(target.env)) env[key] = withPort(value, port);
  const secret = requiredSecret(auth, 'container', { ...process.env, ...env });

  const engine = await detectContainerEngine();
  // Containers run on the host network and nothing can be pulled: point testcontainers at loopback and skip Ryuk
  // unless the user chose otherwise. goldpath removes its own containers on stop and on exit.
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  const { GenericContainer, Wait } = await import('testcontainers');

  const logs = new TargetLog(options.logDir, secret === undefined ? [] : [secret]);
  logs.add('goldpath', `container engine ${engine.uri} (${engine.source})`);
  const started: Started[] = [];
  const removeOnExit = (): void => {
    if (started.length === 0) return;
    try {
      execFileSync('docker', ['rm', '-f', ...started.map((c) => c.id)], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      /* best effort */
    }
  };
  process.once('exit', removeOnExit);
  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const container of [...started].reverse()) {
        try {
          await container.stop();
        } catch (error) {
          log(`could not stop container ${container.name}: ${(error as Error).message}`, 'warn');
        }
      }
      started.length = 0;
      process.off('exit', removeOnExit);
      await logs.close();
    })());

  const startOne = async (
    name: string,
    image: string,
    containerEnv: Record<string, string>,
    readyLog: string | undefined,
    timeoutMs: number,
  ): Promise<void> => {
    options.signal?.throwIfAborted();
    let container = new GenericContainer(image)
      .withNetworkMode('host')
      .withEnvironment(containerEnv)
      .withLabels({ 'org.goldpath.target': name })
      .withStartupTimeout(timeoutMs)
      .withLogConsumer((stream) => {
        stream.on('data', (chunk: Buffer | string) => logs.write(name, chunk));
      });
    if (readyLog) container = container.withWaitStrategy(Wait.forLogMessage(new RegExp(readyLog)));
    try {
      const running = await container.start();
      started.push({ name, id: running.getId(), stop: () => running.stop({ timeout: 5_000 }) });
    } catch (error) {
      const first = String((error as Error).message ?? error).split('\n')[0];
      const hint = /no such image|pull access denied|manifest|not found|ENOTFOUND|getaddrinfo/i.test(first ?? '')
        ? ` Is the image built? For the reference backend run docker/build-reference-image.sh.`
        : '';
      throw new InfrastructureError(
        'GOLDPATH_CONTAINER_START_FAILED',
        `container ${name} (${image}) did not start: ${first}.${hint}\n  last log lines:\n${logs.tail()}`,
        { cause: error },
      );
    }
  };

  const waitReady = async (what: string, probe: () => Promise<boolean>, timeoutMs: number): Promise<void> => {
    try {
      await waitFor(async () => ((await probe()) ? true : undefined), {
        what,
        timeoutMs,
        intervalMs: 100,
        ...(options.signal ? { signal: options.signal } : {}),
      });
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error;
      throw new InfrastructureError(
        'GOLDPATH_CONTAINER_NOT_READY',
        `${error.message}. Raise target.readyTimeoutMs or fix target.readyPath / target.readyLog.\n  last log lines:\n${logs.tail()}`,
        { cause: error },
      );
    }
  };

  try {
    for (const dependency of target.dependencies) {
      const depPort = dependency.port ?? (await freePort());
      const depEnv: Record<string, string> = { PORT: String(depPort) };
      for (const [key, value] of Object.entries(dependency.env)) depEnv[key] = withPort(value, depPort);
      await startOne(dependency.name, dependency.image, depEnv, dependency.readyLog, target.readyTimeoutMs);
      if (!dependency.readyLog) {
        await waitReady(
          `dependency ${dependency.name} not accepting connections on 127.0.0.1:${depPort}`,
          async () => (await canConnect('127.0.0.1', depPort, 1_000)).ok,
          target.readyTimeoutMs,
        );
      }
      if (dependency.exposeAs) env[dependency.exposeAs] = dependencyUrl(dependency, depPort);
    }
    await startOne('backend', target.image, env, target.readyLog, target.readyTimeoutMs);
    const readyPath = target.readyPath;
    if (readyPath) {
      await waitReady(
        `GET http://127.0.0.1:${port}${readyPath} did not answer 2xx`,
        async () => {
          const { status } = await httpStatus(`http://127.0.0.1:${port}${readyPath}`, 1_000);
          return status !== undefined && status >= 200 && status < 300;
        },
        target.readyTimeoutMs,
      );
    } else if (!target.readyLog) {
      await waitReady(
        `backend not accepting connections on 127.0.0.1:${port}`,
        async () => (await canConnect('127.0.0.1', port, 1_000)).ok,
        target.readyTimeoutMs,
      );
    }
  } catch (error) {
    await stop();
    if (error instanceof GoldpathError) throw error;
    throw new InfrastructureError(
      'GOLDPATH_CONTAINER_START_FAILED',
      `container target ${target.image} did not start: ${(error as Error).message}`,
      { cause: error },
    );
  }

  const httpUrl = `http://127.0.0.1:${port}`;
  const metricsPath = target.metricsPath;
  return {
    kind: 'container',
    label: `container ${target.image}${target.dependencies.length > 0 ? ` + ${target.dependencies.map((d) => d.name).join(', ')}` : ''}`,
    wsUrl: `ws://127.0.0.1:${port}${target.wsPath}`,
    httpUrl,
    ...(secret !== undefined ? { secret } : {}),
    ...(metricsPath ? { metrics: () => getJson(`${httpUrl}${metricsPath}`) } : {}),
    logs: () => logs.all(),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
