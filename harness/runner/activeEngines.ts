/** active_engines_count from a factory metrics snapshot (top level, or under `factory` as the reference nests it). */
export function activeEngines(metrics: Record<string, unknown> | undefined): number | undefined {
  if (!metrics) return undefined;
  const factory = metrics.factory as Record<string, unknown> | undefined;
  const value = metrics.active_engines_count ?? factory?.active_engines_count;
  return typeof value === 'number' ? value : undefined;
}
