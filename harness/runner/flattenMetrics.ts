/**
 * Factory metrics with protocol field names at the top level: a target that nests them under `factory`
 * (the reference backend does) is flattened, its other counters kept beside them.
 */
export function flattenMetrics(metrics: Record<string, unknown>): Record<string, unknown> {
  const factory = metrics.factory;
  if (factory === null || typeof factory !== 'object' || Array.isArray(factory)) return metrics;
  const { factory: _nested, ...rest } = metrics;
  return { ...rest, ...(factory as Record<string, unknown>) };
}
