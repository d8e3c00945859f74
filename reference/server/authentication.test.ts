import WebSocket from 'ws';
import { afterEach, describe, expect, test } from 'vitest';
import { signTestToken } from '../signTestToken.ts';
import { startReferenceBackend } from '../startReferenceBackend.ts';
import { createClientPool, requestTicket, type TestClient } from '../testing/connectTestClient.ts';
import { InMemoryTicketStore, type WebSocketTicket } from './TicketStore.ts';

const pool = createClientPool();
afterEach(() => {
  expect(pool.closeAll()).toEqual([]);
});

async function expectAuthFailed(client: TestClient): Promise<void> {
  const closed = await client.waitForClose();
  expect(closed.code).toBe(1008);
  expect(client.frames).toEqual([expect.objectContaining({ type: 'error_message', error_code: 'AUTH_FAILED' })]);
}

describe('authentication', () => {
  test.each([
    ['subprotocol', 'jwt.'],
    ['jwt-auth', 'jwt-auth.'],
    ['bearer-subprotocol', 'bearer.'],
  ] as const)('accepts a token in the %s subprotocol and echoes that exact entry', async (via, prefix) => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001', via, protocols: ['chat'] });
    expect(client.frames[0]?.type).toBe('connection_established');
    expect(client.socket.protocol.startsWith(prefix)).toBe(true);
    expect(client.socket.protocol.length).toBeGreaterThan(prefix.length + 20);
  });

  test.each(['header', 'query', 'ticket'] as const)('accepts a token from %s', async (via) => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, { userId: 'user-alice-0001', via });
    expect(client.frames[0]).toMatchObject({ type: 'connection_established', data: { user_id: 'user-ali...' } });
    expect((await client.runGoldenPath('authenticated run')).at(-1)?.type).toBe('agent_completed');
  });

  test('tries the subprotocol before the Authorization header', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const good = await signTestToken({ secret: backend.secret, userId: 'user-from-protocol' });
    const socket = new WebSocket(backend.wsUrl, [`jwt.${good}`], { headers: { authorization: 'Bearer not-a-token' } });
    const welcome = await new Promise<string>((resolve, reject) => {
      socket.once('message', (data) => resolve(data.toString()));
      socket.once('error', reject);
    });
    socket.terminate();
    expect(JSON.parse(welcome)).toMatchObject({ type: 'connection_established', data: { user_id: 'user-fro...' } });
  });

  test.each([
    ['a wrong signature', { secret: 'some-other-secret-entirely' }],
    ['an expired token', { expiresInSeconds: -60 }],
    ['a wrong issuer', { issuer: 'someone-else' }],
    ['a wrong type', { type: 'refresh' }],
  ])('sends AUTH_FAILED and closes 1008 for %s, and nothing else', async (_label, overrides) => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const token = await signTestToken({ secret: backend.secret, userId: 'user-alice-0001', ...overrides });
    const client = await pool.connect(backend, { userId: 'user-alice-0001', token, awaitWelcome: false });
    await expectAuthFailed(client);
  });

  test.each(['subprotocol', 'header', 'query', 'ticket'] as const)(
    'sends AUTH_FAILED and closes 1008 for garbage in %s',
    async (via) => {
      await using backend = await startReferenceBackend({ latencyMs: 0 });
      if (via === 'ticket') {
        const socket = await pool.connect(
          { ...backend, wsUrl: `${backend.wsUrl}?ticket=ticket_unknown` },
          { userId: 'u', via: 'none', awaitWelcome: false },
        );
        return expectAuthFailed(socket);
      }
      const client = await pool.connect(backend, {
        userId: 'user-alice-0001',
        via,
        token: 'not.a.jwt',
        awaitWelcome: false,
      });
      await expectAuthFailed(client);
    },
  );

  test('sends AUTH_FAILED and closes 1008 when no credentials are given', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    await expectAuthFailed(await pool.connect(backend, { userId: 'nobody', via: 'none', awaitWelcome: false }));
  });

  test('closes 1003 when only subprotocols without a token are offered', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const client = await pool.connect(backend, {
      userId: 'nobody',
      via: 'none',
      protocols: ['chat'],
      awaitWelcome: false,
    });
    expect((await client.waitForClose()).code).toBe(1003);
    expect(client.frames).toEqual([expect.objectContaining({ error_code: 'UNSUPPORTED_SUBPROTOCOL' })]);
  });

  test('keeps serving authenticated users while others fail to authenticate', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const alice = await pool.connect(backend, { userId: 'user-alice-0001' });
    const failing = Array.from({ length: 5 }, () =>
      pool.connect(backend, { userId: 'x', token: 'bad', via: 'query', awaitWelcome: false }),
    );
    const [run] = await Promise.all([alice.runGoldenPath('unbothered'), ...failing]);
    expect(run.at(-1)?.type).toBe('agent_completed');
  });
});

describe('websocket tickets', () => {
  test('issues a ticket whose websocket_url connects once, then is used up', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const token = await signTestToken({ secret: backend.secret, userId: 'user-alice-0001' });
    const response = await fetch(`${backend.httpUrl}/api/websocket/ticket`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}` },
      body: JSON.stringify({ ttl_seconds: 120, single_use: true }),
    });
    const ticket = (await response.json()) as { ticket_id: string; expires_at: string; websocket_url: string };
    expect(Object.keys(ticket)).toEqual(['ticket_id', 'expires_at', 'websocket_url']);
    expect(Date.parse(ticket.expires_at) - Date.now()).toBeGreaterThan(110_000);
    expect(ticket.websocket_url).toBe(`${backend.wsUrl}?ticket=${ticket.ticket_id}`);
    const first = await pool.connect(
      { ...backend, wsUrl: ticket.websocket_url },
      { userId: 'user-alice-0001', via: 'none' },
    );
    expect(first.frames[0]?.type).toBe('connection_established');
    const second = await pool.connect(
      { ...backend, wsUrl: ticket.websocket_url },
      { userId: 'user-alice-0001', via: 'none', awaitWelcome: false },
    );
    await expectAuthFailed(second);
  });

  test('lets a multi-use ticket connect twice', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const token = await signTestToken({ secret: backend.secret, userId: 'user-alice-0001' });
    const ticketId = await requestTicket(backend, token, { single_use: false });
    const url = `${backend.wsUrl}?ticket=${ticketId}`;
    for (let i = 0; i < 2; i++) {
      const client = await pool.connect({ ...backend, wsUrl: url }, { userId: 'user-alice-0001', via: 'none' });
      expect(client.frames[0]?.type).toBe('connection_established');
    }
  });

  test('refuses a ticket request without a valid Bearer token (401) or with a bad ttl (400)', async () => {
    await using backend = await startReferenceBackend({ latencyMs: 0 });
    const anonymous = await fetch(`${backend.httpUrl}/api/websocket/ticket`, { method: 'POST', body: '{}' });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error_code: 'AUTH_FAILED' });
    const token = await signTestToken({ secret: backend.secret, userId: 'user-alice-0001' });
    for (const ttl of [29, 3601, 12.5]) {
      const bad = await fetch(`${backend.httpUrl}/api/websocket/ticket`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}` },
        body: JSON.stringify({ ttl_seconds: ttl }),
      });
      expect(bad.status, String(ttl)).toBe(400);
      expect(await bad.json()).toMatchObject({ error_code: 'INVALID_TICKET_REQUEST' });
    }
  });

  test('uses a plugged-in ticket store and refuses its expired tickets', async () => {
    const store = new InMemoryTicketStore();
    const expired: WebSocketTicket = {
      ticketId: 'ticket_old',
      userId: 'user-alice-0001',
      email: undefined,
      permissions: [],
      expiresAt: Date.now() - 1,
      singleUse: false,
    };
    const fresh: WebSocketTicket = { ...expired, ticketId: 'ticket_new', expiresAt: Date.now() + 60_000 };
    await store.save(expired);
    await store.save(fresh);
    await using backend = await startReferenceBackend({ latencyMs: 0, ticketStore: store });
    const ok = await pool.connect(
      { ...backend, wsUrl: `${backend.wsUrl}?ticket=ticket_new` },
      { userId: 'user-alice-0001', via: 'none' },
    );
    expect(ok.frames[0]?.type).toBe('connection_established');
    const old = await pool.connect(
      { ...backend, wsUrl: `${backend.wsUrl}?ticket=ticket_old` },
      { userId: 'user-alice-0001', via: 'none', awaitWelcome: false },
    );
    await expectAuthFailed(old);
  });
});
