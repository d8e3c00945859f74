import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config/index.ts';
import { parseClaim } from '../config/parseClaim.ts';
import { addOptions, optionValues } from './addOptions.ts';
import { withClaims } from './claimOption.ts';

describe('--claim key=value', () => {
  it('reads text as text and JSON as JSON, later values replacing earlier ones', () => {
    let claims = parseClaim('token_type=access');
    claims = parseClaim('permissions=["chat","admin"]', claims);
    claims = parseClaim('level=3', claims);
    claims = parseClaim('token_type=refresh', claims);
    claims = parseClaim('note=a=b', claims);
    expect(claims).toEqual({ token_type: 'refresh', permissions: ['chat', 'admin'], level: 3, note: 'a=b' });
  });

  it('rejects a claim without a name or without "="', () => {
    expect(() => parseClaim('=x')).toThrow(
      'expected key=value with a claim name such as token_type, received "=x" (e.g. --claim token_type=access)',
    );
    expect(() => parseClaim('token_type')).toThrow(/received "token_type"/);
  });

  it('is repeatable on a command and gathered into one object', async () => {
    let seen: Record<string, unknown> | undefined;
    const program = new Command().exitOverride();
    addOptions(program.command('run'), 'run', ['claims']).action((flags: Record<string, unknown>) => {
      seen = optionValues(flags, 'run').claims;
    });
    await program.parseAsync(['run', '--claim', 'token_type=access', '--claim', 'iss=my-auth'], { from: 'user' });
    expect(seen).toEqual({ token_type: 'access', iss: 'my-auth' });
  });

  it('adds to the claims of a loaded config, and refuses them for static tokens', () => {
    const config = parseConfig({ auth: { kind: 'jwt', claims: { tier: 'pro' } } });
    expect(withClaims(config, { token_type: 'access' }).auth).toMatchObject({
      kind: 'jwt',
      claims: { tier: 'pro', token_type: 'access' },
    });
    expect(() => withClaims(parseConfig({ auth: { kind: 'static', tokens: { u: 't' } } }), { a: 1 })).toThrow(
      /unknown key "auth.claims"/,
    );
  });
});
