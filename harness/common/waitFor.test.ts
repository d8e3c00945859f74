import { describe, expect, it } from 'vitest';
import { DeadlineError, waitFor, withDeadline, type Clock } from './waitFor.ts';

function fakeClock(): Clock {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += ms;
    },
  };
}

describe('waitFor', () => {
  it('returns the first defined value', async () => {
    let n = 0;
    await expect(
      waitFor(() => (++n >= 3 ? n : undefined), { what: 'never', timeoutMs: 1000, clock: fakeClock() }),
    ).resolves.toBe(3);
  });

  it('fails with the numbers when the deadline passes', async () => {
    const wait = waitFor(() => undefined, {
      what: 'no agent_completed for run r-3 of user u-7',
      timeoutMs: 30_000,
      intervalMs: 1000,
      clock: fakeClock(),
    });
    await expect(wait).rejects.toThrow(DeadlineError);
    await expect(wait).rejects.toThrow('no agent_completed for run r-3 of user u-7 after 30000 ms (deadline 30000 ms)');
  });

  it('races a promise against a deadline', async () => {
    await expect(withDeadline(new Promise(() => {}), { what: 'socket never opened', timeoutMs: 20 })).rejects.toThrow(
      /socket never opened after \d+ ms \(deadline 20 ms\)/,
    );
    await expect(withDeadline(Promise.resolve(7), { what: 'x', timeoutMs: 20 })).resolves.toBe(7);
  });
});
