import type { AuthConfig, TargetConfig } from '../config/GoldpathConfig.ts';
import { InfrastructureError } from '../common/GoldpathError.ts';
import { log } from '../common/log.ts';
import { canConnect, getJson, httpStatus } from './probe.ts';
import { requiredSecret } from './resolveSecret.ts';
import type { StartedTarget, StartTargetOptions } from './StartedTarget.ts';

type UrlConfig = Extract<TargetConfig, { kind: 'url' }>;

/** ws://host:port/ws → http://host:port (wss → https). */
export function httpUrlOf(wsUrl: string): string {
  const url = new URL(wsUrl);
  return `${url.protocol === 'wss:' ? 'https:' : 'http:'}//${url.host}`;
}

/**
 * Uses a backend that is already running. Reachability is checked first: a refused or silent address fails
 * fast with an InfrastructureError (exit 3) naming it.
 * @example await startUrlTarget({ kind: 'url', wsUrl: 'ws://127.0.0.1:8000/ws', healthPath: '/health', reachTimeoutMs: 5000 }, { kind: 'jwt', secretEnv: 'JWT_SECRET', issuer: 'netra-auth-service' })
 */
export async function startUrlTarget(
  target: UrlConfig,
  auth: AuthConfig,
  options: StartTargetOptions = {},
): Promise<StartedTarget> {
  const secret = requiredSecret(auth, 'url');
  const httpUrl = (target.httpUrl ?? httpUrlOf(target.wsUrl)).replace(/\/$/, '');
  const ws = new URL(target.wsUrl);
  const port = Number(ws.port || (ws.protocol === 'wss:' ? 443 : 80));
  const host = ws.hostname.replace(/^\[|\]$/g, '');
  options.signal?.throwIfAborted();
  const tcp = await canConnect(host, port, target.reachTimeoutMs);
  if (!tcp.ok) {
    throw new InfrastructureError(
      'GOLDPATH_TARGET_UNREACHABLE',
      `target ${target.wsUrl} is unreachable: TCP connect to ${host}:${port} failed (${tcp.error}). Start the backend first, or fix target.wsUrl.`,
    );
  }
  if (target.healthPath) {
    const health = await httpStatus(`${httpUrl}${target.healthPath}`, target.reachTimeoutMs);
    if (health.error || (health.status !== undefined && health.status >= 500)) {
      throw new InfrastructureError(
        'GOLDPATH_TARGET_UNHEALTHY',
        `target ${httpUrl}${target.healthPath} is not healthy: ${health.error ?? `HTTP ${health.status}`}. Wait for the backend to be ready, or fix target.httpUrl / target.healthPath.`,
      );
    }
    if (health.status !== undefined && health.status >= 300)
      log(
        `target ${httpUrl}${target.healthPath} answered HTTP ${health.status}; going on since ${host}:${port} accepts connections`,
        'warn',
      );
  }
  const stop = async (): Promise<void> => {};
  const metricsPath = target.metricsPath;
  return {
    kind: 'url',
    label: `url ${target.wsUrl}`,
    wsUrl: target.wsUrl,
    httpUrl,
    ...(secret !== undefined ? { secret } : {}),
    ...(metricsPath ? { metrics: () => getJson(`${httpUrl}${metricsPath}`) } : {}),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
