/** Think time between iterations: a fixed pause or a uniform random one. */
export type ThinkTime = number | { minMs: number; maxMs: number };

interface ProfileBase {
  thinkTime?: ThinkTime;
  /** Hard ceiling of the whole profile; past it no iteration starts and the load fails. Default: derived, ≤ 5 min. */
  maxDurationMs?: number;
  /** After the ceiling, in-flight iterations get this long to finish (k6's gracefulStop). Default 10 s. */
  gracefulStopMs?: number;
}

/** k6 per-vu-iterations: each of `users` runs `iterations` iterations. */
export interface PerUserIterations extends ProfileBase {
  executor: 'per-user-iterations';
  users: number;
  iterations: number;
}
/** k6 constant-vus: `users` loop iterations for `durationMs`. */
export interface ConstantUsers extends ProfileBase {
  executor: 'constant-users';
  users: number;
  durationMs: number;
}
/** k6 ramping-vus: the number of active users moves linearly to each stage's `target` over its `durationMs`. */
export interface RampingUsers extends ProfileBase {
  executor: 'ramping-users';
  startUsers?: number;
  stages: Array<{ durationMs: number; target: number }>;
}

export type LoadProfile = PerUserIterations | ConstantUsers | RampingUsers;

/** @example perUserIterations({ users: 50, iterations: 3, thinkTime: { minMs: 10, maxMs: 50 } }) */
export function perUserIterations(o: Omit<PerUserIterations, 'executor'>): PerUserIterations {
  return { executor: 'per-user-iterations', ...o };
}

/** @example constantUsers({ users: 20, durationMs: 5000 }) */
export function constantUsers(o: Omit<ConstantUsers, 'executor'>): ConstantUsers {
  return { executor: 'constant-users', ...o };
}

/** @example rampingUsers({ stages: [{ durationMs: 2000, target: 40 }, { durationMs: 1000, target: 0 }] }) */
export function rampingUsers(o: Omit<RampingUsers, 'executor'>): RampingUsers {
  return { executor: 'ramping-users', ...o };
}

/** The most users a profile has active at once. */
export function peakUsers(profile: LoadProfile): number {
  if (profile.executor !== 'ramping-users') return profile.users;
  return Math.max(profile.startUsers ?? 0, ...profile.stages.map((s) => s.target));
}

/**
 * The profile at another scale (--users / GOLDPATH_USERS): the peak becomes `users`, ramp targets scale in proportion.
 * @example scaleProfile(perUserIterations({ users: 50, iterations: 3 }), 1000).users // 1000
 */
export function scaleProfile<P extends LoadProfile>(profile: P, users: number | undefined): P {
  if (users === undefined) return profile;
  if (profile.executor !== 'ramping-users') return { ...profile, users };
  const factor = users / Math.max(1, peakUsers(profile));
  const scale = (n: number): number => Math.max(0, Math.round(n * factor));
  return {
    ...profile,
    ...(profile.startUsers !== undefined && { startUsers: scale(profile.startUsers) }),
    stages: profile.stages.map((s) => ({ ...s, target: scale(s.target) })),
  };
}

/** The hard ceiling of a profile: as given, else its planned duration plus a minute (iterations: 2 min), at most 5 min. */
export function maxDurationOf(profile: LoadProfile): number {
  if (profile.maxDurationMs !== undefined) return profile.maxDurationMs;
  if (profile.executor === 'per-user-iterations') return 120_000;
  const planned =
    profile.executor === 'constant-users' ? profile.durationMs : profile.stages.reduce((t, s) => t + s.durationMs, 0);
  return Math.min(300_000, planned + 60_000);
}

export function thinkTimeMs(think: ThinkTime | undefined, random: () => number = Math.random): number {
  if (think === undefined) return 0;
  if (typeof think === 'number') return think;
  return think.minMs + random() * (think.maxMs - think.minMs);
}
