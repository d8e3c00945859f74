import { createHash } from 'node:crypto';

/** How many leading characters of a user id a real welcome shows (`abcd1234...`). */
export const SHORT_ID_LENGTH = 8;

/**
 * The ids of one test's simulated users: `gp<6 hex>-u0001`, … Every id differs from the others in its first 8
 * characters, the short form a welcome names the user by, so a welcome naming another user is visible. The hex
 * comes from the test's tag and the user's number (stable for a test, different between tests and runs).
 * @example const ids = new SimulatedUserIds('1a2b3c4d', 'u'); ids.next() // 'gp5e0f7a-u0001'
 */
export class SimulatedUserIds {
  private readonly prefixes = new Set<string>();
  private count = 0;

  constructor(
    private readonly tag: string,
    private readonly kind: 'u' | 'b',
  ) {}

  next(): string {
    const index = ++this.count;
    for (let salt = 0; ; salt++) {
      const hex = createHash('sha256')
        .update(`${this.tag}|${this.kind}|${index}|${salt}`)
        .digest('hex')
        .slice(0, SHORT_ID_LENGTH - 2);
      const prefix = `gp${hex}`;
      if (this.prefixes.has(prefix)) continue;
      this.prefixes.add(prefix);
      return `${prefix}-${this.kind}${String(index).padStart(4, '0')}`;
    }
  }
}
