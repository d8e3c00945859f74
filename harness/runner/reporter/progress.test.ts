import { describe, expect, it } from 'vitest';
import { formatProgressLine, parseProgressLines } from './progress.ts';

describe('progress lines', () => {
  it('separates progress records from ordinary output', () => {
    const chunk = `hello\n${formatProgressLine({ pid: 7, users: 3, requests: 9, runs: 8, events: 40, findings: 0 })}bye\n`;
    const { progress, rest } = parseProgressLines(chunk);
    expect(progress).toEqual([{ pid: 7, users: 3, requests: 9, runs: 8, events: 40, findings: 0 }]);
    expect(rest).toBe('hello\nbye\n');
  });

  it('leaves a chunk without progress untouched', () => {
    expect(parseProgressLines('plain\n')).toEqual({ progress: [], rest: 'plain\n' });
  });
});
