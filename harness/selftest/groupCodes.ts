/**
 * Finding counts by check group: `{ 'order.duplicate_terminal': 2 }` → `{ order: { 'order.duplicate_terminal': 2 } }`.
 * @example groupCodes(summary.findingsByCode)
 */
export function groupCodes(findingsByCode: Record<string, number>): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const [code, count] of Object.entries(findingsByCode).sort(([a], [b]) => a.localeCompare(b))) {
    const group = code.includes('.') ? code.slice(0, code.indexOf('.')) : code;
    (out[group] ??= {})[code] = count;
  }
  return out;
}
