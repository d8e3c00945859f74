import { describe, expect, it } from 'vitest';
import { signTestToken } from '../../reference/signTestToken.ts';
import { credentialUser } from './credentialUser.ts';

const URL_WS = new URL('ws://localhost:8000/ws');

describe('credentialUser', () => {
  it('reads the sub of the token the real frontend offers after jwt-auth', async () => {
    const token = await signTestToken({ secret: 'any', userId: 'user-7f3a' });
    expect(credentialUser(URL_WS, ['jwt-auth', `jwt.${token}`])).toBe('user-7f3a');
    expect(credentialUser(URL_WS, `bearer.${token}`)).toBe('user-7f3a');
  });

  it('reads a token in the query', async () => {
    const token = await signTestToken({ secret: 'any', userId: 'user-q' });
    expect(credentialUser(new URL(`ws://localhost:8000/ws?token=${token}`), undefined)).toBe('user-q');
  });

  it('knows no user for a ticket, no credential, or a token that is not a JWT', () => {
    expect(credentialUser(new URL('ws://localhost:8000/ws?ticket=tk-1'), undefined)).toBeUndefined();
    expect(credentialUser(URL_WS, [])).toBeUndefined();
    expect(credentialUser(URL_WS, ['jwt.not-a-jwt'])).toBeUndefined();
  });
});
