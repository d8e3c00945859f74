/**
 * Entry point of the goldpath-reference:local image (bundled by docker/build-reference-image.sh).
 * Configured by env because a container gets env, not flags:
 *   PORT (8000), HOST (127.0.0.1: with host networking the backend stays on loopback), GOLDPATH_SECRET (else a
 *   random one, printed), FACTORY_PATH, AGENT_SHAPE (pipeline | single), DEFECTS (comma-separated), SEED, LATENCY_MS,
 *   REDIS_URL (tickets in Redis).
 */
import { startReferenceBackend } from '../../reference/startReferenceBackend.ts';
import type { TicketStore } from '../../reference/server/TicketStore.ts';
import { RedisTicketStore } from '../../reference/tickets/RedisTicketStore.ts';

const env = process.env;
const say = (message: string): void => void process.stdout.write(`${message}\n`);

async function main(): Promise<void> {
  let ticketStore: TicketStore | undefined;
  if (env.REDIS_URL) {
    ticketStore = await RedisTicketStore.connect(env.REDIS_URL);
    say(`goldpath reference ticket store: redis ${env.REDIS_URL}`);
  }
  const backend = await startReferenceBackend({
    port: Number(env.PORT ?? 8000),
    host: env.HOST ?? '127.0.0.1',
    ...(env.GOLDPATH_SECRET ? { secret: env.GOLDPATH_SECRET } : {}),
    ...(env.FACTORY_PATH ? { factoryPath: env.FACTORY_PATH as 'canonical' } : {}),
    ...(env.AGENT_SHAPE ? { agentShape: env.AGENT_SHAPE as 'pipeline' } : {}),
    ...(env.DEFECTS ? { defects: env.DEFECTS } : {}),
    ...(env.SEED ? { seed: Number(env.SEED) } : {}),
    ...(env.LATENCY_MS ? { latencyMs: Number(env.LATENCY_MS) } : {}),
    ...(ticketStore ? { ticketStore } : {}),
    logger: { info: say, warn: (m) => say(`warn: ${m}`), error: (m) => say(`error: ${m}`) },
  });
  say(`goldpath reference listening on ${backend.httpUrl}`);
  const shutdown = (): void => {
    void backend.stop().then(() => process.exit(0));
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `goldpath reference failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
