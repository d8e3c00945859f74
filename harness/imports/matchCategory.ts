import type { ImportCategory } from '../../contracts/ImportCensus.ts';
import type { PythonImport } from './readPythonImports.ts';

/** How one statement relates to a category: the names it takes (a site), other names only, or nothing. */
export type CategoryMatch = { kind: 'site'; names: string[] } | { kind: 'other'; names: string[] } | undefined;

/**
 * Whether an import statement reaches a category's module: `import m`, `import m.sub`, `from m import <listed name or *>`,
 * `from <parent of m> import <last part of m>`. `from m import <unlisted name>` is "other": it needs the module but
 * takes none of the category's names.
 * @example matchCategory({ kind: 'from', modules: ['a.b'], names: ['X'], ... }, { name: 'c', module: 'a.b', names: ['X'] }) // { kind: 'site', names: ['X'] }
 */
export function matchCategory(imp: PythonImport, category: ImportCategory): CategoryMatch {
  const m = category.module;
  const isOrUnder = (module: string): boolean => module === m || module.startsWith(`${m}.`);
  if (imp.kind === 'import') {
    const hits = imp.modules.filter(isOrUnder);
    return hits.length > 0 ? { kind: 'site', names: hits } : undefined;
  }
  const from = imp.modules[0];
  if (from === undefined) return undefined;
  if (from.startsWith(`${m}.`)) return { kind: 'site', names: imp.names };
  if (from === m) {
    const listed =
      category.names.length === 0 ? imp.names : imp.names.filter((n) => n === '*' || category.names.includes(n));
    if (listed.length > 0) return { kind: 'site', names: listed };
    return imp.names.length > 0 ? { kind: 'other', names: imp.names } : undefined;
  }
  const asModule = imp.names.filter((n) => isOrUnder(`${from}.${n}`));
  return asModule.length > 0 ? { kind: 'site', names: asModule } : undefined;
}
