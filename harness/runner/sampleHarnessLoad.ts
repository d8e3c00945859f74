import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HarnessLoad } from '../../contracts/index.ts';

/**
 * Measures this process's own load while a scenario runs: event-loop delay (p99 and max, from Node's
 * monitorEventLoopDelay) and CPU, one sample per interval handed to `onSample`. Returns the function that takes the
 * last sample and stops.
 * @example const stop = sampleHarnessLoad((load) => history.mark('harness_load', load), { users: () => stats.connected }); ... stop();
 */
export function sampleHarnessLoad(
  onSample: (load: HarnessLoad) => void,
  options: { users: () => number; intervalMs?: number },
): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let cpu = process.cpuUsage();
  let at = performance.now();
  let interval = 1000;
  const sample = (): void => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const wallMs = Math.max(1, now - at);
    const count = histogram.count;
    // our own interval timer firing late is a delay too: under a flood of socket reads the monitor may record nothing
    const lateness = Math.max(0, wallMs - interval);
    onSample({
      eventLoopP99Ms: round(Math.max(count > 0 ? histogram.percentile(99) / 1e6 : 0, lateness)),
      eventLoopMaxMs: round(Math.max(count > 0 ? histogram.max / 1e6 : 0, lateness)),
      cpuPercent: round(((used.user + used.system) / 1000 / wallMs) * 100),
      users: options.users(),
      intervalMs: Math.round(wallMs),
    });
    histogram.reset();
    cpu = process.cpuUsage();
    at = now;
  };
  interval = options.intervalMs ?? 1000;
  const timer = setInterval(sample, interval);
  timer.unref();
  return () => {
    clearInterval(timer);
    sample();
    histogram.disable();
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
