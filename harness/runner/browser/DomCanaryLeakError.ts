import type { DomCanaryLeak } from './findDomCanaryLeaks.ts';

const SHOWN = 8;

/** The browser-level isolation probe failed: a page displays another user's canary. */
export class DomCanaryLeakError extends Error {
  readonly code = 'GOLDPATH_DOM_CANARY_LEAK';

  constructor(readonly leaks: readonly DomCanaryLeak[]) {
    const viewers = [...new Set(leaks.map((l) => l.viewer))];
    const owners = [...new Set(leaks.map((l) => l.owner ?? 'an unknown user'))];
    const lines = leaks
      .slice(0, SHOWN)
      .map(
        (l, i) =>
          `  [${i + 1}/${leaks.length}] the page of user ${l.viewer} displays canary ${l.canary} of ${l.owner !== undefined ? `user ${l.owner}` : 'no user of this test'}`,
      );
    if (leaks.length > SHOWN) lines.push(`  … and ${leaks.length - SHOWN} more`);
    super(
      `DOM canary probe: ${leaks.length} foreign canar${leaks.length === 1 ? 'y' : 'ies'} displayed on the pages of ${viewers.join(', ')} (from ${owners.join(', ')}): ` +
        `expected each page to display only its own user's canaries, received other users' canaries\n${lines.join('\n')}`,
    );
    this.name = 'DomCanaryLeakError';
  }
}
