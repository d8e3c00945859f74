import { describe, expect, it } from 'vitest';
import type { HarnessLoad } from '../../contracts/index.ts';
import { sampleHarnessLoad } from './sampleHarnessLoad.ts';

describe('sampleHarnessLoad', () => {
  it('sees a blocked event loop as at least that much delay, with the CPU it burnt and the users', async () => {
    const samples: HarnessLoad[] = [];
    const stop = sampleHarnessLoad((load) => samples.push(load), { users: () => 7, intervalMs: 100 });
    await new Promise((resolve) => setTimeout(resolve, 150));
    const until = performance.now() + 400;
    while (performance.now() < until) {
      // a busy loop: nothing else can run
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    const worst = samples.reduce((a, b) => (b.eventLoopMaxMs > a.eventLoopMaxMs ? b : a));
    expect(worst.eventLoopMaxMs).toBeGreaterThanOrEqual(290);
    expect(worst.cpuPercent).toBeGreaterThan(0);
    expect(worst.users).toBe(7);
  });
});
