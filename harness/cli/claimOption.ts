import { InvalidArgumentError, type Command } from 'commander';
import type { ClaimValue } from '../client/signUserToken.ts';
import { mergeConfig, parseConfig, type GoldpathConfig } from '../config/index.ts';

const KEY = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/**
 * Parses one `--claim key=value` into the claims gathered so far. The value is JSON when it parses as JSON
 * (`--claim 'permissions=["chat","admin"]'`, `--claim level=3`), else the text itself (`--claim token_type=access`).
 * @example parseClaim('token_type=access', {}) // { token_type: 'access' }
 */
export function parseClaim(value: string, previous: Record<string, ClaimValue> = {}): Record<string, ClaimValue> {
  const at = value.indexOf('=');
  const key = at < 0 ? value : value.slice(0, at);
  if (at < 1 || !KEY.test(key)) {
    throw new InvalidArgumentError(
      `expected key=value with a claim name such as token_type, received "${value}" (e.g. --claim token_type=access)`,
    );
  }
  const text = value.slice(at + 1);
  let parsed: ClaimValue = text;
  try {
    parsed = JSON.parse(text) as ClaimValue;
  } catch {
    // not JSON: the text itself
  }
  return { ...previous, [key]: parsed };
}

/** Adds the repeatable `--claim key=value` to a command that runs the suite. */
export function addClaimOption(command: Command): Command {
  return command.option(
    '--claim <key=value>',
    'add or replace a claim of every signed test token (repeatable; overrides auth.claims), e.g. --claim token_type=access --claim iss=my-auth',
    parseClaim,
  );
}

/** The claims a command got from `--claim`, if any. */
export function claimsOf(flags: Record<string, unknown>): Record<string, ClaimValue> | undefined {
  const claims = flags.claim;
  return claims !== null && typeof claims === 'object' && !Array.isArray(claims) && Object.keys(claims).length > 0
    ? (claims as Record<string, ClaimValue>)
    : undefined;
}

/** A loaded config with `--claim` claims added to auth.claims (for commands that load the config themselves). */
export function withClaims(config: GoldpathConfig, claims: Record<string, ClaimValue> | undefined): GoldpathConfig {
  if (claims === undefined) return config;
  return parseConfig(mergeConfig(config as unknown as Record<string, unknown>, { auth: { claims } }), '--claim');
}
