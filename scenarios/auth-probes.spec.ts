import { expect, test } from '../harness/runner/test.ts';

test.use({ expectations: { allowedErrorCodes: ['AUTH_FAILED'], allowedCloseCodes: [1008] } });

const probes: Array<{ name: string; token: (t: (id: string, o?: object) => Promise<string>) => Promise<string | undefined> }> = [
  { name: 'no token', token: async () => undefined },
  { name: 'a bad signature', token: (t) => t('gp-probe-badsig', { secret: 'not-the-backend-secret' }) },
  { name: 'an expired token', token: (t) => t('gp-probe-expired', { expiresInSeconds: -120 }) },
  { name: 'the wrong issuer', token: (t) => t('gp-probe-issuer', { issuer: 'someone-else' }) },
];

for (const probe of probes) {
  test(`a connection with ${probe.name} gets AUTH_FAILED, close 1008 and nothing else`, async ({ users }) => {
    const token = await probe.token((id, o) => users.token(id, o));
    const result = await users.probe({ ...(token !== undefined && { token }), user: `probe-${probe.name.replace(/\W+/g, '-')}`, windowMs: 3000 });
    expect(result.close?.code).toBe(1008);
    expect(result.frames.map((f) => f.type)).toEqual(['error_message']);
    expect(result.frames[0]?.error_code).toBe('AUTH_FAILED');
  });
}
