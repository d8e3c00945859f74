import { describe, expect, it } from 'vitest';
import { userShares } from './userShares.ts';

describe('userShares', () => {
  it('keeps a small scenario in one part, with its title unchanged', () => {
    const shares = userShares(50, {});
    expect(shares.parts).toEqual([50]);
    expect(shares.suffix(0)).toBe('');
  });

  it('splits --users over the workers when one worker would drive more than 500', () => {
    const shares = userShares(50, { GOLDPATH_USERS: '3000', GOLDPATH_WORKERS: '2' });
    expect(shares.parts).toEqual([1500, 1500]);
    expect(shares.suffix(1)).toBe(' (part 2 of 2, 1500 users)');
    expect(userShares(50, { GOLDPATH_USERS: '1001', GOLDPATH_WORKERS: '4' }).parts).toEqual([334, 334, 333]);
  });
});
