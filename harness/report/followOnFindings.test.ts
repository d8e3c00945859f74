import { describe, expect, it } from 'vitest';
import type { Finding } from '../../contracts/index.ts';
import { formatFindings } from './formatFindings.ts';
import { splitFollowOns } from './followOnFindings.ts';

const shared: Finding = {
  code: 'isolation.shared_identity',
  severity: 'error',
  user: 'u-1',
  frameIndex: 1,
  message: 'shared identity: all 2 simulated users were welcomed as demo-use...',
};
const foreign = (user: string, frameIndex: number): Finding => ({
  code: 'isolation.foreign_user_id',
  severity: 'error',
  user,
  frameIndex,
  message: `foreign user_id at frame ${frameIndex}: expected user_id ${user}, received demo-user-001`,
});
const gap: Finding = {
  code: 'order.gap_exceeded',
  severity: 'error',
  user: 'u-2',
  frameIndex: 9,
  message: 'gap of 16000 ms',
};

describe('splitFollowOns', () => {
  it('keeps every finding when none explains the others', () => {
    expect(splitFollowOns([foreign('u-1', 3), gap])).toEqual({ shown: [foreign('u-1', 3), gap], hidden: [] });
  });

  it('counts the isolation findings that follow from a shared identity, and puts the shared identity first', () => {
    const noRun: Finding = {
      code: 'completeness.no_run_for_request',
      severity: 'error',
      user: 'u-2',
      frameIndex: 6,
      message: 'no run answered the start_agent',
    };
    const split = splitFollowOns([foreign('u-1', 3), gap, shared, foreign('u-2', 4), noRun, foreign('u-2', 5)]);
    expect(split.shown).toEqual([shared, gap]);
    expect(split.hidden).toEqual([
      { code: 'isolation.foreign_user_id', count: 3, explainedBy: 'isolation.shared_identity' },
      { code: 'completeness.no_run_for_request', count: 1, explainedBy: 'isolation.shared_identity' },
    ]);
  });

  it("hides only the auth-bypassing probe's own isolation findings", () => {
    const bypass: Finding = {
      code: 'security.auth_bypass',
      severity: 'error',
      user: 'probe-x',
      frameIndex: 2,
      message: 'auth bypass: a connection with no token was welcomed',
    };
    const split = splitFollowOns([foreign('probe-x', 2), bypass, foreign('u-1', 7)]);
    expect(split.shown).toEqual([bypass, foreign('u-1', 7)]);
    expect(split.hidden).toEqual([
      { code: 'isolation.foreign_user_id', count: 1, explainedBy: 'security.auth_bypass' },
    ]);
  });
});

describe('formatFindings with follow-ons', () => {
  it('prints the shared identity up front and one line for the follow-ons it explains, counting all in the banner', () => {
    const text = formatFindings([...Array.from({ length: 1000 }, (_, i) => foreign(`u-${i % 2}`, i + 10)), shared]);
    expect(text.split('\n')).toEqual([
      ' FAIL  1001 findings ',
      '',
      '[1/1] isolation.shared_identity  user u-1 › frame 1',
      '  shared identity: all 2 simulated users were welcomed as demo-use...',
      '',
      'isolation.foreign_user_id ×1000 not shown: they follow from isolation.shared_identity',
      '',
    ]);
  });
});
