/**
 * True when `code` is one of `patterns`; `group.*` matches every code of the group.
 * @example matchesExpected('order.duplicate_terminal', ['order.*']) // true
 */
export function matchesExpected(code: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => (p.endsWith('.*') ? code.startsWith(p.slice(0, -1)) : p === code));
}
