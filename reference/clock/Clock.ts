import type { Cancellation } from './Cancellation.ts';

export type TimerHandle = ReturnType<typeof setTimeout>;

/** Time and timers, injected so lifecycles can be tested with fake timers or a hand-driven clock. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
  setInterval(callback: () => void, ms: number): TimerHandle;
  clearInterval(handle: TimerHandle): void;
}

/** Looks the globals up on every call, so vitest's `vi.useFakeTimers()` applies even after construction. */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle),
  setInterval: (callback, ms) => setInterval(callback, ms),
  clearInterval: (handle) => clearInterval(handle),
};

/** Resolves after `ms` on `clock`, or early on cancel; 0 resolves on the next microtask so a latency of 0 costs no timer. */
export function sleep(clock: Clock, ms: number, cancellation?: Cancellation): Promise<void> {
  if (ms <= 0 || cancellation?.cancelled) return Promise.resolve();
  return new Promise((resolve) => {
    const handle = clock.setTimeout(() => {
      removeListener?.();
      resolve();
    }, ms);
    const removeListener = cancellation?.onCancel(() => {
      clock.clearTimeout(handle);
      resolve();
    });
  });
}
