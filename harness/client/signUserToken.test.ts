import { SignJWT, decodeJwt, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signUserToken } from './signUserToken.ts';

const secret = 'goldpath-sign-test-secret-0123456789';

describe('signUserToken', () => {
  it('gives, byte for byte, the token jose signs from the same claims, and jose verifies it', async () => {
    const token = await signUserToken({
      secret,
      userId: 'gp-1a2b-u0001',
      claims: { tier: 'pro', näme: 'ünïcode ✓', nested: { a: [1, null, true] } },
    });
    const claims = decodeJwt(token);
    const byJose = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .sign(new TextEncoder().encode(secret));
    expect(token).toBe(byJose);
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret), {
      issuer: 'netra-auth-service',
    });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toMatchObject({ sub: 'gp-1a2b-u0001', token_type: 'access', type: 'access', tier: 'pro' });
  });

  it('is refused under another secret', async () => {
    const token = await signUserToken({ secret, userId: 'gp-1a2b-u0002' });
    await expect(jwtVerify(token, new TextEncoder().encode(`${secret}-other`))).rejects.toThrow(/signature/);
  });
});
