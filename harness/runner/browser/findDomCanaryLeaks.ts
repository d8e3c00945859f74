import { findCanaries } from '../../../contracts/index.ts';

/** What one user's page displays, and the canaries that user's own requests carried. */
export interface PageText {
  user: string;
  text: string;
  own: ReadonlySet<string>;
}

export interface DomCanaryLeak {
  /** The user whose page displays the canary. */
  viewer: string;
  canary: string;
  /** The user whose request carried it; undefined when no user of this test sent it. */
  owner: string | undefined;
}

/**
 * Every canary a page displays that its own user did not send. Pure: the probe reads the pages, this judges them.
 * @example findDomCanaryLeaks([{ user: 'a', text: 'GPC-…', own: new Set() }, …])
 */
export function findDomCanaryLeaks(pages: readonly PageText[]): DomCanaryLeak[] {
  const owners = new Map<string, string>();
  for (const page of pages) for (const canary of page.own) owners.set(canary, page.user);
  const leaks: DomCanaryLeak[] = [];
  for (const page of pages) {
    for (const canary of new Set(findCanaries(page.text))) {
      if (page.own.has(canary)) continue;
      leaks.push({ viewer: page.user, canary, owner: owners.get(canary) });
    }
  }
  return leaks;
}
