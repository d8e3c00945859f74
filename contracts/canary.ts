import { randomBytes } from 'node:crypto';

/**
 * A canary is a unique token carried by one request of one user. The agent quotes the request,
 * so the token shows up in that run's events; seen anywhere else, it proves a leak.
 */
export const CANARY_PATTERN = /GPC-[0-9a-f]{16}/g;

/** Canaries drawn from one call for random bytes: 8 bytes each, as many as fit. */
const POOL_CANARIES = 512;
let pool = '';
let next = POOL_CANARIES;

/** A fresh canary: `GPC-` and 16 hex digits of 8 random bytes (drawn from a pool refilled 4 KiB at a time). */
export function makeCanary(): string {
  if (next === POOL_CANARIES) {
    pool = randomBytes(8 * POOL_CANARIES).toString('hex');
    next = 0;
  }
  const at = 16 * next++;
  return `GPC-${pool.slice(at, at + 16)}`;
}

/** Every canary token inside a text, in order of appearance (duplicates kept). */
export function findCanaries(text: string): string[] {
  return text.match(CANARY_PATTERN) ?? [];
}
