import { randomBytes } from 'node:crypto';

/**
 * A canary is a unique token carried by one request of one user. The agent quotes the request,
 * so the token shows up in that run's events; seen anywhere else, it proves a leak.
 */
export const CANARY_PATTERN = /GPC-[0-9a-f]{16}/g;

export function makeCanary(): string {
  return `GPC-${randomBytes(8).toString('hex')}`;
}

/** Every canary token inside a text, in order of appearance (duplicates kept). */
export function findCanaries(text: string): string[] {
  return text.match(CANARY_PATTERN) ?? [];
}
