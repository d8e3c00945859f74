/** A clock the waiting helper reads; tests inject a fake one. */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Thrown when a wait runs out; the message carries what was awaited and the numbers. */
export class DeadlineError extends Error {
  readonly code = 'GOLDPATH_DEADLINE';
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
    readonly elapsedMs: number,
  ) {
    super(`${what} after ${Math.round(elapsedMs)} ms (deadline ${timeoutMs} ms)`);
    this.name = 'DeadlineError';
  }
}

export interface WaitOptions {
  /** Describes what did not happen, e.g. "no agent_completed for run r-3 of user u-7". */
  what: string;
  timeoutMs: number;
  intervalMs?: number;
  clock?: Clock;
  signal?: AbortSignal;
}

/**
 * Polls `probe` until it returns a value other than undefined, or throws a DeadlineError.
 * @example const run = await waitFor(() => runs.get(id), { what: `no run ${id}`, timeoutMs: 5000 })
 */
export async function waitFor<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  options: WaitOptions,
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  const interval = options.intervalMs ?? 10;
  for (;;) {
    options.signal?.throwIfAborted();
    const value = await probe();
    if (value !== undefined) return value;
    const elapsed = clock.now() - started;
    if (elapsed >= options.timeoutMs) throw new DeadlineError(options.what, options.timeoutMs, elapsed);
    await clock.sleep(Math.min(interval, options.timeoutMs - elapsed));
  }
}

/**
 * Races a promise against a deadline; the loser is not cancelled, so pass work that ends by itself.
 * @example await withDeadline(socketOpened, { what: 'socket of user u-1 did not open', timeoutMs: 5000 })
 */
export async function withDeadline<T>(promise: Promise<T>, options: Omit<WaitOptions, 'intervalMs'>): Promise<T> {
  const clock = options.clock ?? systemClock;
  const started = clock.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new DeadlineError(options.what, options.timeoutMs, clock.now() - started)),
      options.timeoutMs,
    );
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
