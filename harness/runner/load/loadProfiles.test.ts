import { describe, expect, it } from 'vitest';
import {
  constantUsers,
  maxDurationOf,
  peakUsers,
  perUserIterations,
  rampingUsers,
  scaleProfile,
  thinkTimeMs,
} from './loadProfiles.ts';

describe('load profiles', () => {
  it('scales a profile to --users without touching the rest', () => {
    expect(scaleProfile(perUserIterations({ users: 50, iterations: 3 }), 1000)).toEqual({
      executor: 'per-user-iterations',
      users: 1000,
      iterations: 3,
    });
    expect(scaleProfile(constantUsers({ users: 50, durationMs: 1000 }), undefined).users).toBe(50);
  });

  it('scales ramp targets in proportion to the peak', () => {
    const ramp = scaleProfile(
      rampingUsers({
        startUsers: 10,
        stages: [
          { durationMs: 1000, target: 40 },
          { durationMs: 500, target: 20 },
        ],
      }),
      100,
    );
    expect(peakUsers(ramp)).toBe(100);
    expect(ramp.stages.map((s) => s.target)).toEqual([100, 50]);
    expect(ramp.startUsers).toBe(25);
  });

  it('bounds every profile with a hard ceiling', () => {
    expect(maxDurationOf(constantUsers({ users: 1, durationMs: 10_000 }))).toBe(70_000);
    expect(maxDurationOf(constantUsers({ users: 1, durationMs: 10_000_000 }))).toBe(300_000);
    expect(maxDurationOf(perUserIterations({ users: 1, iterations: 1, maxDurationMs: 5 }))).toBe(5);
  });

  it('draws think time from a fixed value or a range', () => {
    expect(thinkTimeMs(25)).toBe(25);
    expect(thinkTimeMs({ minMs: 10, maxMs: 20 }, () => 0.5)).toBe(15);
    expect(thinkTimeMs(undefined)).toBe(0);
  });
});
