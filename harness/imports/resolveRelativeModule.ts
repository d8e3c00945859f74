/**
 * The absolute module of `from <dots><name> import ...` in a file of package `pkg` (its folder as dotted parts),
 * or undefined when the dots climb above the top package (Python's "attempted relative import beyond top-level package").
 * @example resolveRelativeModule(['app', 'core'], 2, 'agents.x') // 'app.agents.x'
 */
export function resolveRelativeModule(pkg: readonly string[], level: number, name: string): string | undefined {
  if (level === 0) return name;
  const keep = pkg.length - (level - 1);
  if (keep <= 0) return undefined;
  return [...pkg.slice(0, keep), ...(name === '' ? [] : [name])].join('.');
}
