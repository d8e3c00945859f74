import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { startNetraLikeBackend, type NetraLikeAuthOptions } from '../../test/backends/startNetraLikeBackend.ts';
import { ConnectRefusedError, connectFailureOf, TargetUnreachableError } from './classifyConnectError.ts';
import { SimulatedUser } from './SimulatedUser.ts';
import { signUserToken } from './signUserToken.ts';

function userOf(wsUrl: string, secret: string, connectTimeoutMs = 3000): SimulatedUser {
  return new SimulatedUser({ userId: 'gp-unit-u0001', wsUrl, auth: { kind: 'jwt', secret }, connectTimeoutMs });
}

async function failureOf(user: SimulatedUser): Promise<unknown> {
  try {
    await user.connect();
  } catch (error) {
    return error;
  } finally {
    await user.close();
  }
  throw new Error('expected the connection to fail');
}

async function listening<T extends Server | ReturnType<typeof createTcpServer>>(
  server: T,
): Promise<{ port: number; close: () => Promise<void> }> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function netraLike(auth: NetraLikeAuthOptions) {
  return startNetraLikeBackend({ shape: 'bridge', auth: { secret: 'the-secret-of-the-netra-like-backend', ...auth } });
}

describe('tokens the real auth service accepts', () => {
  it('carry token_type and type "access", issuer netra-auth-service, and configured claims added or replaced', async () => {
    const claims = decodeJwt(
      await signUserToken({ secret: 's', userId: 'gp-unit-u0001', claims: { tier: 'pro', type: 'user' } }),
    );
    expect(claims).toMatchObject({
      sub: 'gp-unit-u0001',
      token_type: 'access',
      type: 'user',
      iss: 'netra-auth-service',
      tier: 'pro',
    });
  });

  it('are welcomed by a backend with production auth (token_type required)', async () => {
    await using backend = await netraLike({ requireTokenType: true });
    const user = userOf(backend.wsUrl, backend.secret);
    expect((await user.connect()).type).toBe('connection_established');
    await user.close();
  });

  it('get through to an older server that selects only a bare jwt-auth subprotocol', async () => {
    await using backend = await netraLike({ subprotocol: 'jwt-auth' });
    const user = userOf(backend.wsUrl, backend.secret);
    expect((await user.connect()).protocol).toBe('jwt-auth');
    await user.close();
  });
});

describe('why a connection got no welcome', () => {
  it('AUTH_FAILED then close 1008 is an auth refusal that says what came back', async () => {
    await using backend = await netraLike({ requireTokenType: true });
    const error = await failureOf(userOf(backend.wsUrl, 'a-wrong-secret-of-the-same-length!!'));
    expect(error).toBeInstanceOf(ConnectRefusedError);
    expect(connectFailureOf(error)).toEqual({
      kind: 'auth_refused',
      received:
        'error_message AUTH_FAILED "Authentication failed: signature verification failed" then close 1008 "Authentication failed"',
    });
  });

  it('a closed port is an unreachable target (exit 3)', async () => {
    const { port, close } = await listening(createTcpServer());
    await close();
    const error = await failureOf(userOf(`ws://127.0.0.1:${port}/ws`, 's'));
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect(connectFailureOf(error)).toEqual({ kind: 'unreachable', received: 'ECONNREFUSED' });
  });

  it('a TCP connection whose upgrade is never answered is an unanswered upgrade (exit 3)', async () => {
    const held: Socket[] = [];
    const server = createTcpServer((socket) => held.push(socket));
    const { port, close } = await listening(server);
    const error = await failureOf(userOf(`ws://127.0.0.1:${port}/ws`, 's', 300));
    for (const socket of held) socket.destroy();
    await close();
    expect(error).toBeInstanceOf(TargetUnreachableError);
    expect(connectFailureOf(error)?.kind).toBe('upgrade_unanswered');
  });

  it.each([
    [401, 'auth_refused'],
    [404, 'upgrade_rejected'],
  ] as const)('HTTP %i on the upgrade is %s', async (status, kind) => {
    const server = createServer((_request, response) => response.writeHead(status).end());
    server.on('upgrade', (_request, socket) =>
      socket.end(`HTTP/1.1 ${status} No\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`),
    );
    const { port, close } = await listening(server);
    const error = await failureOf(userOf(`ws://127.0.0.1:${port}/ws`, 's'));
    await close();
    expect(connectFailureOf(error)).toEqual({ kind, received: `HTTP ${status} on the upgrade` });
  });

  it('another close before the welcome, and an open socket with no welcome, are told apart', async () => {
    const server = createServer();
    const wss = new WebSocketServer({ server, handleProtocols: (protocols) => [...protocols][0] ?? false });
    wss.on('connection', (socket, request) => {
      if (request.url?.includes('close')) socket.close(1011, 'not ready');
    });
    const { port, close } = await listening(server);
    const closed = await failureOf(userOf(`ws://127.0.0.1:${port}/ws?close`, 's'));
    const silent = await failureOf(userOf(`ws://127.0.0.1:${port}/ws`, 's', 300));
    for (const client of wss.clients) client.terminate();
    await close();
    expect(connectFailureOf(closed)).toEqual({ kind: 'closed_before_welcome', received: 'close 1011 "not ready"' });
    expect(connectFailureOf(silent)).toEqual({
      kind: 'no_welcome',
      received: 'an open socket but no welcome frame (connection_established) within 300 ms',
    });
  });
});
