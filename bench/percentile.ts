/**
 * The p-th percentile (0..100, nearest rank) of a list; undefined for an empty one.
 * @example percentile([5, 1, 9, 3], 50) // 3
 */
export function percentile(values: readonly number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}
