import { beforeAll, describe, expect, it } from 'vitest';
import { signTestToken } from '../../reference/signTestToken.ts';
import { RedisTicketStore } from '../../reference/tickets/RedisTicketStore.ts';
import { parseConfig } from '../config/loadConfig.ts';
import { containerEngineReady } from './containerEngineForTests.testkit.ts';
import { openWelcome } from './openWelcome.testkit.ts';
import { startTarget } from './startTarget.ts';

const SECRET = 'container-secret';
const engine = await containerEngineReady();

describe.skipIf(!engine)('container target (testcontainers, locally built images, host network)', () => {
  beforeAll(() => {
    expect(process.env.TESTCONTAINERS_RYUK_DISABLED ?? 'true').toBe('true');
  });

  it('starts the reference image after a Redis container, and redeems a ticket kept in that Redis', async () => {
    await using target = await startTarget(
      parseConfig({
        auth: { kind: 'ticket', secret: SECRET },
        target: {
          kind: 'container',
          image: 'goldpath-reference:local',
          env: { GOLDPATH_SECRET: SECRET },
          readyLog: 'goldpath reference listening on',
          metricsPath: '/api/factory/metrics',
          dependencies: [
            {
              name: 'redis',
              image: 'goldpath-redis:local',
              readyLog: 'Ready to accept connections',
              exposeAs: 'REDIS_URL',
            },
          ],
        },
      }),
    );
    expect(target.kind).toBe('container');
    expect(target.label).toBe('container goldpath-reference:local + redis');
    expect(target.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/ws$/);
    expect((await openWelcome(target.wsUrl, SECRET)).type).toBe('connection_established');

    const token = await signTestToken({ secret: SECRET, userId: 'user-ticket-1' });
    const response = await fetch(`${target.httpUrl}/api/websocket/ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ttl_seconds: 60, single_use: true }),
    });
    expect(response.status).toBe(200);
    const { ticket_id: ticketId } = (await response.json()) as { ticket_id: string };

    const redisUrl = /ticket store: redis (\S+)/.exec(target.logs?.().join('\n') ?? '')?.[1];
    expect(redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    const redis = await RedisTicketStore.connect(redisUrl ?? '');
    try {
      expect(await redis.command('EXISTS', `goldpath:ticket:${ticketId}`)).toBe(1);
      const welcome = await openWelcome(`${target.wsUrl}?ticket=${encodeURIComponent(ticketId)}`, undefined);
      expect(welcome).toMatchObject({ type: 'connection_established', data: { user_id: 'user-tic...' } });
      expect(await redis.command('EXISTS', `goldpath:ticket:${ticketId}`)).toBe(0);
    } finally {
      redis.close();
    }
    expect(await target.metrics?.()).toMatchObject({ total_engines_created: 0, max_engines_per_user: 2 });
  });

  it('waits for an HTTP ready path and removes the container on stop', async () => {
    const target = await startTarget(
      parseConfig({
        auth: { kind: 'jwt', secretEnv: 'GOLDPATH_SECRET' },
        target: {
          kind: 'container',
          image: 'goldpath-reference:local',
          env: { GOLDPATH_SECRET: SECRET },
          readyPath: '/health',
        },
      }),
    );
    expect(target.secret).toBe(SECRET);
    expect((await fetch(`${target.httpUrl}/health`)).status).toBe(200);
    await target.stop();
    await expect(fetch(`${target.httpUrl}/health`)).rejects.toThrow();
    expect(target.logs?.().some((line) => line.includes('goldpath reference listening on'))).toBe(true);
  });

  it('explains an image that does not exist', async () => {
    const error = await startTarget(
      parseConfig({
        auth: { kind: 'jwt', secret: SECRET },
        target: { kind: 'container', image: 'goldpath-missing:local', readyTimeoutMs: 20_000 },
      }),
    ).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/^container backend \(goldpath-missing:local\) did not start: /);
    expect((error as { exitCode?: number }).exitCode).toBe(3);
  });
});
