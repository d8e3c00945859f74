import { UsageError } from '../../common/GoldpathError.ts';
import type { ClaimValue } from '../../client/signUserToken.ts';
import type { GoldpathConfigInput } from '../../config/index.ts';

/** The config keys `goldpath run` flags and GOLDPATH_* env variables can set. */
export interface RunOverrides {
  /** 'embedded' or a ws(s):// URL. */
  target?: string;
  users?: number;
  scenario?: string;
  defects?: string[];
  factoryPath?: string;
  secret?: string;
  project?: string[];
  /** `--claim key=value`: added to or replacing auth.claims of the signed test tokens. */
  claims?: Record<string, ClaimValue>;
  contract?: 'lenient' | 'strict';
}

/**
 * Maps flags to a partial config for loadConfig's `overrides`; a bad value is a UsageError naming the flag.
 * @example configOverrides({ target: 'ws://127.0.0.1:8000/ws', secret: 's3cret', users: 20 })
 */
export function configOverrides(o: RunOverrides): GoldpathConfigInput {
  const out: Record<string, unknown> = {};
  if (o.target !== undefined) {
    if (o.target === 'embedded') out.target = { kind: 'embedded' };
    else if (/^wss?:\/\//.test(o.target)) out.target = { kind: 'url', wsUrl: o.target };
    else
      throw new UsageError(
        'GOLDPATH_BAD_TARGET',
        `--target ${o.target}: expected "embedded" or a ws:// or wss:// URL such as ws://127.0.0.1:8000/ws.`,
      );
  }
  if (o.users !== undefined) {
    if (!Number.isInteger(o.users) || o.users < 1 || o.users > 100_000) {
      throw new UsageError(
        'GOLDPATH_BAD_USERS',
        `--users ${String(o.users)}: expected a whole number from 1 to 100000, e.g. --users 50.`,
      );
    }
    out.users = o.users;
  }
  if (o.scenario !== undefined) out.scenario = o.scenario;
  if (o.project !== undefined && o.project.length > 0) out.projects = o.project;
  if (o.defects !== undefined || o.factoryPath !== undefined) {
    if (o.target !== undefined && o.target !== 'embedded') {
      throw new UsageError(
        'GOLDPATH_DEFECTS_NEED_EMBEDDED',
        '--defects and --factory-path configure the embedded reference backend; drop them or use --target embedded.',
      );
    }
    const reference: Record<string, unknown> = {};
    if (o.defects !== undefined) reference.defects = o.defects;
    if (o.factoryPath !== undefined) reference.factoryPath = o.factoryPath;
    out.target = { kind: 'embedded', reference };
  }
  if (o.secret !== undefined) out.auth = { kind: 'jwt', secret: o.secret };
  if (o.claims !== undefined) out.auth = { ...(out.auth as Record<string, unknown> | undefined), claims: o.claims };
  if (o.contract !== undefined) out.contract = o.contract;
  return out as GoldpathConfigInput;
}

/** The same overrides from GOLDPATH_USERS, GOLDPATH_TARGET, GOLDPATH_DEFECTS, GOLDPATH_SECRET (for `npx playwright test`). */
export function envOverrides(env: NodeJS.ProcessEnv = process.env): GoldpathConfigInput {
  const o: RunOverrides = {};
  if (env.GOLDPATH_USERS) o.users = parseUsers(env.GOLDPATH_USERS, 'GOLDPATH_USERS');
  if (env.GOLDPATH_TARGET) o.target = env.GOLDPATH_TARGET;
  if (env.GOLDPATH_DEFECTS)
    o.defects = env.GOLDPATH_DEFECTS.split(',')
      .map((d) => d.trim())
      .filter(Boolean);
  if (env.GOLDPATH_SECRET) o.secret = env.GOLDPATH_SECRET;
  return configOverrides(o);
}

/** Parses a user count from a flag or env value; rejects "abc", "0", "1.5". */
export function parseUsers(value: string, source: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > 100_000) {
    throw new UsageError(
      'GOLDPATH_BAD_USERS',
      `${source} ${value}: expected a whole number from 1 to 100000, e.g. ${source} 50.`,
    );
  }
  return n;
}
