import { describe, expect, it } from 'vitest';
import type { Finding } from '../../contracts/index.ts';
import { formatFindings } from './formatFindings.ts';

const leak: Finding = {
  code: 'isolation.foreign_user_id',
  severity: 'error',
  user: 'u-2',
  runId: 'r-1',
  frameIndex: 14,
  message:
    'foreign user_id in agent_thinking on the socket of user u-2 in run r-1 at frame 14: expected user_id u-2, received u-1',
};
const unknown: Finding = {
  code: 'contract.unknown_event',
  severity: 'warning',
  user: 'u-1',
  frameIndex: 3,
  message: 'unknown event type progress_update ...',
};

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

describe('formatFindings keeps its output bounded', () => {
  const many = (n: number, code: 'order.duplicate_started' | 'isolation.foreign_user_id' = 'order.duplicate_started') =>
    Array.from({ length: n }, (_, i) => ({
      code,
      severity: 'error' as const,
      message: `duplicate agent_started at frame ${i}: expected one, received another`,
      frameIndex: i,
    }));

  it('prints at most ten findings per code and counts the rest', () => {
    const text = formatFindings([...many(500), ...many(3, 'isolation.foreign_user_id')]);
    expect(text.match(/^\[\d+\/503\] order\.duplicate_started/gm)).toHaveLength(10);
    expect(text.match(/^\[\d+\/503\] isolation\.foreign_user_id/gm)).toHaveLength(3);
    expect(text).toContain(
      '… and 490 more order.duplicate_started findings not printed (summary.json keeps them up to its cap; the history keeps every frame)',
    );
    expect(text.split('\n').length).toBeLessThan(60);
  });

  it('cuts a huge value in a message to 200 characters and says its full size', () => {
    const huge = 'u'.repeat(1_048_576);
    const text = formatFindings([
      {
        code: 'isolation.foreign_user_id',
        severity: 'error',
        message: `event for user gp-1: expected user_id gp-1, received ${huge}`,
      },
    ]);
    expect(text).toContain(`received ${'u'.repeat(200)}… (1048576 characters)`);
    expect(text.length).toBeLessThan(600);
  });
});
