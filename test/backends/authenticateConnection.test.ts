import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { startNetraLikeBackend, type NetraLikeAuthOptions } from './startNetraLikeBackend.ts';
import { keyPaths } from './testing/keyPaths.ts';
import { realFrame } from './testing/realFrames.ts';
import { signToken } from './testing/signToken.ts';
import { TestSocket } from './testing/TestSocket.ts';

type Frame = Record<string, unknown>;

async function welcomedAs(socket: TestSocket): Promise<string> {
  const welcome = await socket.waitFor((frame) => frame.type === 'connection_established');
  return (welcome.data as Frame).user_id as string;
}

async function refusal(socket: TestSocket): Promise<{ error: Frame; code: number }> {
  const { code } = await socket.closed;
  return { error: socket.frames[0]!, code };
}

async function backendWith(auth: NetraLikeAuthOptions) {
  return startNetraLikeBackend({ shape: 'bridge', auth: { secret: 'the-right-secret-of-32-characters', ...auth } });
}

describe('production auth (token_type required)', () => {
  it('welcomes a token that carries token_type "access"', async () => {
    await using backend = await backendWith({ requireTokenType: true });
    const socket = await TestSocket.open(backend.wsUrl, [
      `jwt.${await signToken({ secret: backend.secret, sub: 'gp-ab12-u0001' })}`,
    ]);
    expect(await welcomedAs(socket)).toBe('gp-ab12-...');
    socket.close();
  });

  it('refuses a token with only type "access": AUTH_FAILED shaped like the real one, then close 1008', async () => {
    await using backend = await backendWith({ requireTokenType: true });
    const token = await signToken({ secret: backend.secret, sub: 'gp-ab12-u0001', claims: { token_type: undefined } });
    const { error, code } = await refusal(await TestSocket.open(backend.wsUrl, [`jwt.${token}`]));
    expect(code).toBe(1008);
    expect(error).toMatchObject({ type: 'error_message', error_code: 'AUTH_FAILED', recovery_suggestions: null });
    expect(keyPaths(error)).toEqual(keyPaths(realFrame('REF error_message AUTH_FAILED (create_error_message)')));
  });

  it('refuses a token signed with another secret', async () => {
    await using backend = await backendWith({ requireTokenType: true });
    const token = await signToken({ secret: 'some-other-secret-of-32-characters', sub: 'gp-ab12-u0001' });
    expect((await refusal(await TestSocket.open(backend.wsUrl, [`jwt.${token}`]))).code).toBe(1008);
  });
});

describe('strict level', () => {
  const cases: Array<[string, (secret: string) => Promise<string | undefined>]> = [
    ['no token', async () => undefined],
    ['a bad signature', (secret) => signToken({ secret: `${secret}-not`, sub: 'gp-ab12-u0001' })],
    ['an expired token', (secret) => signToken({ secret, sub: 'gp-ab12-u0001', expiresInSeconds: -60 })],
    ['a wrong issuer', (secret) => signToken({ secret, sub: 'gp-ab12-u0001', issuer: 'someone-else' })],
    [
      'an unsigned token',
      async () =>
        new UnsecuredJWT({ sub: 'gp-ab12-u0001', token_type: 'access' }).setIssuer('netra-auth-service').encode(),
    ],
  ];
  it.each(cases)('refuses %s with AUTH_FAILED and 1008', async (_name, makeToken) => {
    await using backend = await backendWith({});
    const token = await makeToken(backend.secret);
    const { error, code } = await refusal(
      await TestSocket.open(backend.wsUrl, token === undefined ? [] : [`jwt.${token}`]),
    );
    expect([error.error_code, code]).toEqual(['AUTH_FAILED', 1008]);
  });
});

describe('relaxed level (the default outside production)', () => {
  it('accepts a forged token as a hashed pseudo-user', async () => {
    await using backend = await backendWith({ level: 'relaxed' });
    const forged = await new SignJWT({ token_type: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('gp-ab12-u0001')
      .sign(new TextEncoder().encode('guess'));
    expect(await welcomedAs(await TestSocket.open(backend.wsUrl, [`jwt.${forged}`]))).toMatch(
      /^pseudo_[0-9a-f]\.\.\.$/,
    );
  });

  it('accepts an expired token, and still refuses a connection with no token', async () => {
    await using backend = await backendWith({ level: 'relaxed' });
    const expired = await signToken({ secret: backend.secret, sub: 'gp-ab12-u0001', expiresInSeconds: -60 });
    expect(await welcomedAs(await TestSocket.open(backend.wsUrl, [`jwt.${expired}`]))).toMatch(/^pseudo_/);
    expect((await refusal(await TestSocket.open(backend.wsUrl))).code).toBe(1008);
  });

  it('knows a valid token by its subject', async () => {
    await using backend = await backendWith({ level: 'relaxed' });
    const token = await signToken({ secret: backend.secret, sub: 'gp-ab12-u0001' });
    expect(await welcomedAs(await TestSocket.open(backend.wsUrl, [`jwt.${token}`]))).toBe('gp-ab12-...');
  });
});

describe('demo mode', () => {
  it('welcomes every connection, with or without a token, as demo-user-001 and runs for that identity', async () => {
    await using backend = await backendWith({ demoMode: true });
    const anonymous = await TestSocket.open(backend.wsUrl);
    const signed = await TestSocket.open(backend.wsUrl, [
      `jwt.${await signToken({ secret: backend.secret, sub: 'gp-ab12-u0009' })}`,
    ]);
    expect([await welcomedAs(anonymous), await welcomedAs(signed)]).toEqual(['demo-use...', 'demo-use...']);
    signed.send({ type: 'start_agent', payload: { user_request: 'hello there' } });
    expect((await signed.waitFor((frame) => frame.type === 'agent_started')).user_id).toBe('demo-user-001');
    anonymous.close();
    signed.close();
  });
});

describe('token sources and subprotocols', () => {
  it('echoes the jwt.<token> entry, wherever it stands in the offer (current server)', async () => {
    await using backend = await backendWith({});
    const entry = `jwt.${await signToken({ secret: backend.secret, sub: 'gp-ab12-u0001' })}`;
    const socket = await TestSocket.open(backend.wsUrl, ['jwt-auth', entry]);
    expect(socket.socket.protocol).toBe(entry);
    socket.close();
  });

  it('selects a bare jwt-auth and reads the token from the jwt.<token> entry (older server)', async () => {
    await using backend = await backendWith({ subprotocol: 'jwt-auth' });
    const token = await signToken({ secret: backend.secret, sub: 'gp-ab12-u0001' });
    const socket = await TestSocket.open(backend.wsUrl, [`jwt.${token}`, 'jwt-auth']);
    expect(socket.socket.protocol).toBe('jwt-auth');
    expect(await welcomedAs(socket)).toBe('gp-ab12-...');
    socket.close();
  });

  it('selects no subprotocol on the older server when jwt-auth is not offered, which a client that asked for one rejects', async () => {
    await using backend = await backendWith({ subprotocol: 'jwt-auth' });
    const token = await signToken({ secret: backend.secret, sub: 'gp-ab12-u0001' });
    await expect(TestSocket.open(backend.wsUrl, [`jwt.${token}`])).rejects.toThrow(/no subprotocol/);
  });

  it('takes the token from Authorization: Bearer, then from ?token=', async () => {
    await using backend = await backendWith({});
    const token = await signToken({ secret: backend.secret, sub: 'gp-ab12-u0001' });
    const byHeader = await TestSocket.open(backend.wsUrl, [], { headers: { authorization: `Bearer ${token}` } });
    const byQuery = await TestSocket.open(`${backend.wsUrl}?token=${token}`);
    expect([await welcomedAs(byHeader), await welcomedAs(byQuery)]).toEqual(['gp-ab12-...', 'gp-ab12-...']);
    byHeader.close();
    byQuery.close();
  });

  it('does not take ?ticket= on the main endpoint', async () => {
    await using backend = await backendWith({});
    expect((await refusal(await TestSocket.open(`${backend.wsUrl}?ticket=anything`))).code).toBe(1008);
  });
});
