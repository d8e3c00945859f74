import { setMaxListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeadlineError } from '../../common/waitFor.ts';
import type { SimulatedUser } from '../../client/SimulatedUser.ts';
import { maxDurationOf, peakUsers, thinkTimeMs, type LoadProfile } from './loadProfiles.ts';
import type { UserPool } from '../fixtures/UserPool.ts';

/** One iteration of one user; `iteration` counts from 0 per user. */
export type Iteration = (user: SimulatedUser, iteration: number, signal: AbortSignal) => Promise<void>;

export interface LoadResult {
  users: number;
  iterations: number;
  failures: Error[];
  durationMs: number;
  /** The hard ceiling was reached. */
  aborted: boolean;
}

/**
 * Drives a load profile: connects the users it needs from the pool and runs iterations with think time, under a
 * hard ceiling. Iteration failures are collected (the checks over the history explain most of them).
 * @example await runLoad(perUserIterations({ users: 50, iterations: 3 }), users, async (u) => { await u.startAgent('hi').completed() })
 */
export async function runLoad(
  profile: LoadProfile,
  pool: UserPool,
  iteration: Iteration,
  options: { connectConcurrency?: number } = {},
): Promise<LoadResult> {
  const started = performance.now();
  const ceiling = maxDurationOf(profile);
  const controller = new AbortController();
  // every user waits on the same signal during think time
  setMaxListeners(0, controller.signal);
  const timer = setTimeout(() => controller.abort(), ceiling);
  const users = pool.create(peakUsers(profile));
  const failures: Error[] = [];
  let iterations = 0;
  const loop = async (user: SimulatedUser, shouldGo: (i: number) => boolean): Promise<void> => {
    for (let i = 0; shouldGo(i) && !controller.signal.aborted; i++) {
      try {
        await iteration(user, i, controller.signal);
      } catch (error) {
        failures.push(error as Error);
      }
      iterations++;
      const pause = thinkTimeMs(profile.thinkTime);
      if (pause > 0 && shouldGo(i + 1))
        await sleep(pause, undefined, { signal: controller.signal }).catch(() => undefined);
    }
  };
  const drive = async (): Promise<void> => {
    if (profile.executor === 'per-user-iterations') {
      await pool.connectAll(
        users,
        options.connectConcurrency === undefined ? {} : { concurrency: options.connectConcurrency },
      );
      await Promise.all(users.map((u) => loop(u, (i) => i < profile.iterations)));
    } else if (profile.executor === 'constant-users') {
      await pool.connectAll(
        users,
        options.connectConcurrency === undefined ? {} : { concurrency: options.connectConcurrency },
      );
      const end = performance.now() + profile.durationMs;
      await Promise.all(users.map((u) => loop(u, () => performance.now() < end)));
    } else {
      await ramp(profile, users, pool, loop, controller.signal, failures);
    }
  };
  const grace = profile.gracefulStopMs ?? 10_000;
  try {
    const done = drive();
    const aborted = new Promise<'aborted'>((resolve) =>
      controller.signal.addEventListener('abort', () => resolve('aborted'), { once: true }),
    );
    if ((await Promise.race([done, aborted])) === 'aborted') {
      const finished = await Promise.race([done.then(() => true), sleep(grace).then(() => false)]);
      const elapsed = performance.now() - started;
      throw new DeadlineError(
        `load profile ${profile.executor} with ${users.length} users did not finish${finished ? '' : ` (in-flight iterations still running ${grace} ms after the ceiling)`}`,
        ceiling,
        elapsed,
      );
    }
  } finally {
    clearTimeout(timer);
  }
  return {
    users: users.length,
    iterations,
    failures,
    durationMs: performance.now() - started,
    aborted: controller.signal.aborted,
  };
}

async function ramp(
  profile: Extract<LoadProfile, { executor: 'ramping-users' }>,
  users: SimulatedUser[],
  pool: UserPool,
  loop: (user: SimulatedUser, shouldGo: (i: number) => boolean) => Promise<void>,
  signal: AbortSignal,
  failures: Error[],
): Promise<void> {
  const t0 = performance.now();
  const total = profile.stages.reduce((t, s) => t + s.durationMs, 0);
  const targetAt = (t: number): number => {
    let from = profile.startUsers ?? 0;
    let elapsed = t;
    for (const stage of profile.stages) {
      if (elapsed <= stage.durationMs)
        return Math.round(from + ((stage.target - from) * elapsed) / Math.max(1, stage.durationMs));
      elapsed -= stage.durationMs;
      from = stage.target;
    }
    return from;
  };
  const running: Promise<void>[] = [];
  let active = 0;
  while (!signal.aborted) {
    const t = performance.now() - t0;
    const target = Math.min(users.length, targetAt(t));
    while (active < target) {
      const index = active++;
      const user = users[index] as SimulatedUser;
      running.push(
        pool
          .connectAll([user])
          .then(() => loop(user, () => performance.now() - t0 < total && index < targetAt(performance.now() - t0)))
          .catch((error: Error) => {
            failures.push(error);
          }),
      );
    }
    if (t >= total) break;
    await sleep(50);
  }
  await Promise.all(running);
}
