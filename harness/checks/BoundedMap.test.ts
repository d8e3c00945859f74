import { describe, expect, it } from 'vitest';
import { BoundedMap } from './BoundedMap.ts';

describe('BoundedMap', () => {
  it('forgets the oldest entries beyond its limit and updates values in place', () => {
    const map = new BoundedMap<string, number>(2);
    map.set('a', 1).set('b', 2).set('a', 3).set('c', 4);
    expect([map.has('a'), map.get('b'), map.get('c'), map.size]).toEqual([false, 2, 4, 2]);
    map.set('d', 5);
    expect([map.has('b'), map.get('c'), map.get('d')]).toEqual([false, 4, 5]);
  });
});
