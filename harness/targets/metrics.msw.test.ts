import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import { delay, http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getJson } from './probe.ts';
import { startUrlTarget } from './startUrlTarget.ts';

const server = setupServer();
/** A port that accepts TCP, so the url target's reachability check passes; msw answers its HTTP. */
let listener: Server;
let base: string;

beforeAll(async () => {
  listener = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => server.resetHandlers());
afterAll(async () => {
  server.close();
  await new Promise<void>((resolve) => listener.close(() => resolve()));
});

const FACTORY = {
  total_engines_created: 3,
  active_engines_count: 0,
  user_limit_rejections: 0,
  timestamp: '2026-12-01T20:00:00Z',
};

/**
 * The health answer has no body: startUrlTarget cancels the body it does not read, and a body msw hands out is a
 * tee whose cancel waits for msw's own copy too.
 */
const healthy = () => http.get(`${base}/health`, () => new HttpResponse(null, { status: 204 }));

async function urlTarget() {
  return startUrlTarget(
    {
      kind: 'url',
      wsUrl: `${base.replace('http', 'ws')}/ws`,
      healthPath: '/health',
      metricsPath: '/ws/factory/status',
      reachTimeoutMs: 1000,
    },
    { kind: 'jwt', secret: 's3cret', issuer: 'netra-auth-service', claims: {} },
  );
}

describe('the metrics endpoint of a url target', () => {
  it('reads the factory metrics the endpoint serves', async () => {
    server.use(
      healthy(),
      http.get(`${base}/ws/factory/status`, () => HttpResponse.json(FACTORY)),
    );
    await using target = await urlTarget();
    expect(await target.metrics?.()).toEqual(FACTORY);
  });

  it('says which URL failed and with what status when the endpoint errors', async () => {
    server.use(
      healthy(),
      http.get(`${base}/ws/factory/status`, () => new HttpResponse('boom', { status: 500 })),
    );
    await using target = await urlTarget();
    await expect(target.metrics!()).rejects.toThrow(`GET ${base}/ws/factory/status answered 500`);
  });

  it('says what came back when the endpoint answers something that is not JSON', async () => {
    server.use(
      healthy(),
      http.get(`${base}/ws/factory/status`, () => HttpResponse.text('<html>status page</html>')),
    );
    await using target = await urlTarget();
    await expect(target.metrics!()).rejects.toThrow(
      `GET ${base}/ws/factory/status answered 200: expected a JSON object, received "<html>status page</html>"`,
    );
  });

  it('refuses JSON that is not an object of metrics', async () => {
    server.use(
      healthy(),
      http.get(`${base}/ws/factory/status`, () => HttpResponse.json([1, 2])),
    );
    await using target = await urlTarget();
    await expect(target.metrics!()).rejects.toThrow('expected a JSON object, received an array');
  });

  it('fails the health check of an endpoint answering 503 as an unhealthy target', async () => {
    server.use(http.get(`${base}/health`, () => new HttpResponse(null, { status: 503 })));
    await expect(urlTarget()).rejects.toMatchObject({ code: 'GOLDPATH_TARGET_UNHEALTHY', exitCode: 3 });
  });
});

describe('getJson, the metrics fetch', () => {
  it('gives up on a slow endpoint at its deadline and says so with the numbers', async () => {
    server.use(
      http.get(`${base}/slow`, async () => {
        await delay('infinite');
        return HttpResponse.json({});
      }),
    );
    await expect(getJson(`${base}/slow`, 100)).rejects.toThrow(`GET ${base}/slow did not answer within 100 ms`);
  });

  it('names the failure when the connection breaks', async () => {
    server.use(http.get(`${base}/broken`, () => HttpResponse.error()));
    await expect(getJson(`${base}/broken`, 1000)).rejects.toThrow(`GET ${base}/broken failed:`);
  });
});
