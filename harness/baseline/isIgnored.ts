/**
 * True when `thresholds.ignore` names the field, one of its parents, or (for findings) the code or its group.
 * @example isIgnored('latency.tool.p95', ['latency.tool']) // true
 * @example isIgnored('findings.order.gap_exceeded', ['order.gap_exceeded']) // true
 */
export function isIgnored(field: string, ignore: readonly string[]): boolean {
  const bare = field.startsWith('findings.') ? field.slice('findings.'.length) : undefined;
  return ignore.some((entry) => covers(entry, field) || (bare !== undefined && covers(entry, bare)));
}

function covers(entry: string, field: string): boolean {
  return field === entry || field.startsWith(`${entry}.`);
}
