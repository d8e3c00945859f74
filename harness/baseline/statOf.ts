import type { Stat } from '../../contracts/Stat.ts';

/** Summarises the per-pass values of one figure. An empty list is all zeros. */
export function statOf(values: number[]): Stat {
  if (values.length === 0) return { values: [], mean: 0, min: 0, max: 0, noise: 0 };
  const min = Math.min(...values);
  const max = Math.max(...values);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { values, mean: round(mean), min, max, noise: round(max - min) };
}

/** Rounds to 4 decimals so baselines stay readable and diffs stable. */
export function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
