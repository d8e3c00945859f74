import { UsageError } from '../common/GoldpathError.ts';
import type { z } from 'zod';

type ClaimValue = z.core.util.JSONType;
/** Claims of signed test tokens by name (the config's `auth.claims`). */
export type TokenClaims = Record<string, ClaimValue>;

const KEY = /^[A-Za-z_][A-Za-z0-9_.:-]*$/;

/**
 * Parses one `--claim key=value` into the claims gathered so far. The value is JSON when it parses as JSON
 * (`--claim 'permissions=["chat","admin"]'`, `--claim level=3`), else the text itself (`--claim token_type=access`).
 * @example parseClaim('token_type=access', {}) // { token_type: 'access' }
 */
export function parseClaim(value: string, previous: TokenClaims = {}): TokenClaims {
  const at = value.indexOf('=');
  const key = at < 0 ? value : value.slice(0, at);
  if (at < 1 || !KEY.test(key)) {
    throw new UsageError(
      'GOLDPATH_BAD_FLAG',
      `--claim: expected key=value with a claim name such as token_type, received "${value}" (e.g. --claim token_type=access)`,
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
