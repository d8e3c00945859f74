import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { HarnessLoad } from '../../contracts/index.ts';

/**
 * Measures this process's own load while a scenario runs: event-loop delay (p99 and max, from Node's
 * monitorEventLoopDelay) and CPU, one sample per interval handed to `onSample`. Returns the function that takes the
 * last sample and stops.
 * @example const stop = sampleHarnessLoad((load) => history.mark('harness_load', load), { users: () => stats.connected }); ... stop();
 */
export function sampleHarnessLoad(onSample: (load: HarnessLoad) => void, options: { users: () => number; intervalMs?: number }): () => void {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  let cpu = process.cpuUsage();
  let at = performance.now();
  const sample = (): void => {
    const now = performance.now();
    const used = process.cpuUsage(cpu);
    const wallMs = Math.max(1, now - at);
    const count = histogram.count;
    onSample({
      eventLoopP99Ms: count > 0 ? round(histogram.percentile(99) / 1e6) : 0,
      eventLoopMaxMs: count > 0 ? round(histogram.max / 1e6) : 0,
      cpuPercent: round(((used.user + used.system) / 1000 / wallMs) * 100),
      users: options.users(),
      intervalMs: Math.round(wallMs),
    });
    histogram.reset();
    cpu = process.cpuUsage();
    at = now;
  };
  const timer = setInterval(sample, options.intervalMs ?? 1000);
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
