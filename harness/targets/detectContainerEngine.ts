import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { homedir, userInfo } from 'node:os';
import { join } from 'node:path';
import { InfrastructureError } from '../common/GoldpathError.ts';

/** One place a container engine may answer, e.g. unix:///var/run/docker.sock or tcp://127.0.0.1:2375. */
export interface EngineEndpoint {
  uri: string;
  /** Why goldpath looked there: "DOCKER_HOST", "default socket", ... */
  source: string;
}

export interface DetectOptions {
  env?: NodeJS.ProcessEnv;
  /** Endpoints to try instead of the usual ones (tests). */
  candidates?: EngineEndpoint[];
  timeoutMs?: number;
}

/**
 * The endpoints testcontainers 11 would try, in its order: tc.host (~/.testcontainers.properties), DOCKER_HOST
 * (env, else docker.host in the same file), /var/run/docker.sock, the rootless sockets. When DOCKER_HOST is
 * set it is the only one tried, as with the docker CLI: a dead DOCKER_HOST is an error, not a fallback.
 */
export function engineCandidates(env: NodeJS.ProcessEnv = process.env): EngineEndpoint[] {
  const props = readTestcontainersProperties();
  if (props['tc.host']) return [{ uri: props['tc.host'], source: 'tc.host in ~/.testcontainers.properties' }];
  if (env.DOCKER_HOST) return [{ uri: env.DOCKER_HOST, source: 'DOCKER_HOST' }];
  if (props['docker.host'])
    return [{ uri: props['docker.host'], source: 'docker.host in ~/.testcontainers.properties' }];
  const sockets = [
    ['/var/run/docker.sock', 'default socket'],
    env.XDG_RUNTIME_DIR ? [join(env.XDG_RUNTIME_DIR, 'docker.sock'), 'rootless socket ($XDG_RUNTIME_DIR)'] : undefined,
    [join(homedir(), '.docker', 'run', 'docker.sock'), 'rootless socket (~/.docker/run)'],
    [join(homedir(), '.docker', 'desktop', 'docker.sock'), 'Docker Desktop socket'],
    [`/run/user/${userInfo().uid}/docker.sock`, 'rootless socket (/run/user)'],
  ].filter((c): c is string[] => c !== undefined);
  return sockets.map(([path, source]) => ({ uri: `unix://${path}`, source: source as string }));
}

/**
 * Finds a container engine that answers `GET /_ping` within timeoutMs (default 2000), trying each endpoint once
 * instead of waiting for testcontainers' own retries. No engine → InfrastructureError (exit 3) that lists what
 * was tried and how to provide one.
 * @example const engine = await detectContainerEngine() // { uri: 'unix:///var/run/docker.sock', source: 'default socket' }
 */
export async function detectContainerEngine(options: DetectOptions = {}): Promise<EngineEndpoint> {
  const candidates = options.candidates ?? engineCandidates(options.env);
  const tried: string[] = [];
  for (const candidate of candidates) {
    const result = await ping(candidate.uri, options.timeoutMs ?? 2_000);
    if (result === 'ok') return candidate;
    tried.push(`${candidate.uri} (${candidate.source}): ${result}`);
  }
  throw new InfrastructureError(
    'GOLDPATH_NO_CONTAINER_ENGINE',
    [
      'no container engine answered, so the container target cannot start. Tried:',
      ...tried.map((t) => `  - ${t}`),
      'Provide one:',
      '  - start Docker: apt-get install -y docker.io && dockerd --bridge=none --iptables=false --ip-forward=false --ip-masq=false &',
      '    (or point DOCKER_HOST at a running engine, e.g. DOCKER_HOST=unix:///var/run/docker.sock)',
      '  - on machines without a bridge network or registry: export TESTCONTAINERS_HOST_OVERRIDE=127.0.0.1 TESTCONTAINERS_RYUK_DISABLED=true',
      '  - or use another target: target.kind "process" runs the backend without containers.',
    ].join('\n'),
  );
}

/** 'ok', or why the endpoint did not answer. */
export function ping(uri: string, timeoutMs: number): Promise<string> {
  let target: { socketPath: string } | { host: string; port: number };
  try {
    const url = new URL(uri);
    if (url.protocol === 'unix:') {
      if (!existsSync(url.pathname)) return Promise.resolve('no such socket');
      target = { socketPath: url.pathname };
    } else if (url.protocol === 'tcp:' || url.protocol === 'http:') {
      target = { host: url.hostname, port: Number(url.port || 2375) };
    } else {
      return Promise.resolve(`unsupported scheme ${url.protocol} (goldpath probes unix:// and tcp://)`);
    }
  } catch {
    return Promise.resolve('not a URL');
  }
  return new Promise((resolve) => {
    const req = request({ ...target, path: '/_ping', method: 'GET', timeout: timeoutMs }, (res) => {
      res.resume();
      resolve(res.statusCode === 200 ? 'ok' : `answered HTTP ${res.statusCode}`);
    });
    req.once('timeout', () => {
      req.destroy();
      resolve(`no answer within ${timeoutMs} ms`);
    });
    req.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

function readTestcontainersProperties(): Record<string, string> {
  const file = join(homedir(), '.testcontainers.properties');
  if (!existsSync(file)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const match = /^\s*([\w.]+)\s*[=:]\s*(.*?)\s*$/.exec(line);
    if (match?.[1] && match[2] !== undefined) out[match[1]] = match[2];
  }
  return out;
}
