import { describe, expect, it } from 'vitest';
import type { Finding } from '../../contracts/index.ts';
import { formatFindings } from './formatFindings.ts';

const leak: Finding = {
  code: 'isolation.foreign_user_id', severity: 'error', user: 'u-2', runId: 'r-1', frameIndex: 14,
  message: 'foreign user_id in agent_thinking on the socket of user u-2 in run r-1 at frame 14: expected user_id u-2, received u-1',
};
const unknown: Finding = { code: 'contract.unknown_event', severity: 'warning', user: 'u-1', frameIndex: 3, message: 'unknown event type progress_update ...' };

describe('formatFindings', () => {
  it('prints nothing for no findings', () => {
    expect(formatFindings([])).toBe('');
  });

  it('shows a banner with the count, merges identical findings and numbers each one with its label', () => {
    expect(formatFindings([leak, unknown, leak], { scenario: 'isolation probe' })).toBe(
      [
        ' FAIL  3 findings in isolation probe ',
        '',
        '[1/2] isolation.foreign_user_id ×2  user u-2 › run r-1 › frame 14',
        '  foreign user_id in agent_thinking on the socket of user u-2 in run r-1 at frame 14: expected user_id u-2, received u-1',
        '',
        '[2/2] contract.unknown_event (warning)  user u-1 › frame 3',
        '  unknown event type progress_update ...',
        '',
      ].join('\n'),
    );
  });

  it('says WARN when every finding is a warning, and colours only when asked', () => {
    expect(formatFindings([unknown]).split('\n')[0]).toBe(' WARN  1 finding ');
    expect(formatFindings([leak], { color: true })).toContain('\u001b[41;1m FAIL  1 finding \u001b[0m');
  });
});
