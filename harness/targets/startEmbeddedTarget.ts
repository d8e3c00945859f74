import { startReferenceBackend } from '../../reference/startReferenceBackend.ts';
import { MAX_MESSAGE_BYTES } from '../../reference/server/ChatSession.ts';
import { ReferenceBackendOptions } from '../../reference/server/ReferenceBackendOptions.ts';
import { Capabilities, type GoldpathConfig, type TargetConfig } from '../config/GoldpathConfig.ts';
import { InfrastructureError } from '../common/GoldpathError.ts';
import { configuredSecret } from './resolveSecret.ts';
import type { StartedTarget } from './StartedTarget.ts';

type EmbeddedConfig = Extract<TargetConfig, { kind: 'embedded' }>;

/** Everything the reference backend offers beyond the protocol, with the defects switched on in this one. */
export function referenceCapabilities(reference: EmbeddedConfig['reference']): Capabilities {
  return Capabilities.parse({
    toolDirective: true,
    engineLimit: ReferenceBackendOptions.parse({}).maxEnginesPerUser,
    maxMessageBytes: MAX_MESSAGE_BYTES,
    errorCodes: {
      engineLimit: 'ENGINE_LIMIT_EXCEEDED',
      threadAccess: 'THREAD_ACCESS_DENIED',
      messageTooLarge: 'MESSAGE_TOO_LARGE',
      missingUserRequest: 'MISSING_USER_REQUEST',
      invalidMessage: 'INVALID_MESSAGE_FORMAT',
    },
    threadIds: true,
    resumeOnReconnect: true,
    chatPage: true,
    reloadRestore: true,
    referenceDefects: reference.defects,
  });
}

/**
 * Starts the reference backend in this process on 127.0.0.1, port 0.
 * @example await using target = await startEmbeddedTarget({ kind: 'embedded', reference: { factoryPath: 'compat', defects: [], seed: 1, latencyMs: 2 } })
 */
export async function startEmbeddedTarget(
  target: EmbeddedConfig,
  auth?: GoldpathConfig['auth'],
): Promise<StartedTarget> {
  const secret = auth ? configuredSecret(auth) : undefined;
  let backend: Awaited<ReturnType<typeof startReferenceBackend>>;
  try {
    backend = await startReferenceBackend({
      port: 0,
      host: '127.0.0.1',
      ...target.reference,
      ...(secret ? { secret } : {}),
    });
  } catch (error) {
    throw new InfrastructureError(
      'GOLDPATH_EMBEDDED_START_FAILED',
      `the embedded reference backend did not start: ${(error as Error).message}`,
      { cause: error },
    );
  }
  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => (stopped ??= Promise.resolve(backend.stop()).then(() => undefined));
  return {
    kind: 'embedded',
    label: `embedded reference (${target.reference.factoryPath}${target.reference.defects.length > 0 ? `, defects ${target.reference.defects.join(',')}` : ''})`,
    wsUrl: backend.wsUrl,
    httpUrl: backend.httpUrl,
    secret: backend.secret,
    capabilities: referenceCapabilities(target.reference),
    // The same flat shape as GET /api/factory/metrics of the other kinds; the server's own counters ride along under `server`.
    metrics: async () => {
      const { factory, ...server } = backend.metrics();
      return { ...factory, server } as Record<string, unknown>;
    },
    reset: (options) => backend.reset(options),
    stop,
    [Symbol.asyncDispose]: stop,
  };
}
