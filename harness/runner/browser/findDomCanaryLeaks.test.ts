import { describe, expect, it } from 'vitest';
import { DomCanaryLeakError } from './DomCanaryLeakError.ts';
import { findDomCanaryLeaks } from './findDomCanaryLeaks.ts';

const A = 'GPC-aaaaaaaaaaaaaaaa';
const B = 'GPC-bbbbbbbbbbbbbbbb';
const X = 'GPC-cccccccccccccccc';

describe('findDomCanaryLeaks', () => {
  it('finds nothing when every page shows only its own canaries', () => {
    expect(
      findDomCanaryLeaks([
        { user: 'u1', text: `ask ${A} and ${A}`, own: new Set([A]) },
        { user: 'u2', text: `ask ${B}`, own: new Set([B]) },
      ]),
    ).toEqual([]);
  });

  it('names the viewer and the owner of a foreign canary, and flags canaries nobody of the test sent', () => {
    const leaks = findDomCanaryLeaks([
      { user: 'u1', text: `${A} ${B} ${X}`, own: new Set([A]) },
      { user: 'u2', text: '', own: new Set([B]) },
    ]);
    expect(leaks).toEqual([
      { viewer: 'u1', canary: B, owner: 'u2' },
      { viewer: 'u1', canary: X, owner: undefined },
    ]);
    expect(new DomCanaryLeakError(leaks).message).toBe(
      `DOM canary probe: 2 foreign canaries displayed on the pages of u1 (from u2, an unknown user): expected each page to display only its own user's canaries, received other users' canaries\n` +
        `  [1/2] the page of user u1 displays canary ${B} of user u2\n  [2/2] the page of user u1 displays canary ${X} of no user of this test`,
    );
  });
});
