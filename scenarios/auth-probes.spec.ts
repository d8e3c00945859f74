import { AUTH_PROBE_MARK, isWelcome } from '../contracts/index.ts';
import { expect, test } from '../harness/runner/fixtures/test.ts';

test.use({ expectations: { allowedErrorCodes: ['AUTH_FAILED'], allowedCloseCodes: [1008] } });

const probes: Array<{
  name: string;
  token: (t: (id: string, o?: object) => Promise<string>) => Promise<string | undefined>;
}> = [
  { name: 'no token', token: async () => undefined },
  { name: 'a bad signature', token: (t) => t('gp-probe-badsig', { secret: 'not-the-backend-secret' }) },
  { name: 'an expired token', token: (t) => t('gp-probe-expired', { expiresInSeconds: -120 }) },
  { name: 'the wrong issuer', token: (t) => t('gp-probe-issuer', { issuer: 'someone-else' }) },
];

for (const probe of probes) {
  test(`a connection with ${probe.name} gets AUTH_FAILED, close 1008 and nothing else`, async ({ users, history }) => {
    const token = await probe.token((id, o) => users.token(id, o));
    const user = `probe-${probe.name.replace(/\W+/g, '-')}`;
    // a welcome on this socket is reported by the checks as one security.auth_bypass naming the probe
    history.mark(AUTH_PROBE_MARK, { conn: `${user}#probe`, sends: probe.name }, user);
    const result = await users.probe({ ...(token !== undefined && { token }), user, windowMs: 3000 });
    if (result.frames.some(isWelcome)) return;
    expect([1008, 401, 403]).toContain(result.close?.code ?? result.upgradeStatus);
    expect(result.frames.filter((f) => f.type !== 'error_message' && f.type !== 'error').map((f) => f.type)).toEqual(
      [],
    );
  });
}
