import { envValues } from '../../config/configOverrides.ts';
import { readRunConfigFile } from '../launch/resolveRunConfig.ts';

/** A worker drives at most about this many users of one scenario before the scenario is split over workers. */
export const USERS_PER_WORKER = 500;

export interface UserShares {
  /** Users of each part, one part per test (and so per worker). */
  parts: number[];
  /** The title suffix of part `i` ("" when the scenario is not split). */
  suffix(i: number): string;
}

/**
 * Splits a load scenario's users over the run's workers so one process does not become the bottleneck: `users` (or the
 * run's --users) in as many near-equal parts as there are workers, when there are more than USERS_PER_WORKER.
 * Read when the spec file is collected: the run's --users and --workers come from the environment goldpath sets.
 * @example const shares = userShares(50); for (const [i, n] of shares.parts.entries()) test(`title${shares.suffix(i)}`, ...)
 */
export function userShares(users: number, env: NodeJS.ProcessEnv = process.env): UserShares {
  const config = readRunConfigFile(env);
  const total = config?.users ?? envValues(env).users ?? users;
  // Playwright's default in playwright.config.ts: GOLDPATH_WORKERS, else 2
  const workers = config?.workers ?? Math.max(1, Number(env.GOLDPATH_WORKERS) || 2);
  const count = Math.max(1, Math.min(workers, Math.ceil(total / USERS_PER_WORKER)));
  const parts = Array.from({ length: count }, (_, i) => Math.floor(total / count) + (i < total % count ? 1 : 0));
  return { parts, suffix: (i) => (count === 1 ? '' : ` (part ${i + 1} of ${count}, ${parts[i]} users)`) };
}
