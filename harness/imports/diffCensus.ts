import type { ImportCensus, ImportCensusDiff, ImportMove } from '../../contracts/ImportCensus.ts';

function categoriesByFile(census: ImportCensus): Map<string, { test: boolean; cats: string[] }> {
  const map = new Map<string, { test: boolean; cats: string[] }>();
  for (const c of census.categories) {
    for (const [files, test] of [
      [c.productionFiles, false],
      [c.testFiles, true],
    ] as const) {
      for (const f of files) {
        const entry = map.get(f) ?? { test, cats: [] };
        entry.cats.push(c.name);
        map.set(f, entry);
      }
    }
  }
  return map;
}

/**
 * What changed between two censuses of one tree: every file whose set of categories differs (moved, added to one,
 * dropped from all), and per category the files added and removed.
 * @example diffCensus(atMain, atStep2).moved // [{ file: 'app/routes.py', from: ['compat'], to: ['canonical'] }]
 */
export function diffCensus(before: ImportCensus, after: ImportCensus): ImportCensusDiff {
  const a = categoriesByFile(before);
  const b = categoriesByFile(after);
  const moved: ImportMove[] = [];
  for (const file of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const from = a.get(file)?.cats ?? [];
    const to = b.get(file)?.cats ?? [];
    if (from.join() !== to.join()) moved.push({ file, test: (b.get(file) ?? a.get(file))!.test, from, to });
  }
  const names = [...new Set([...before.categories, ...after.categories].map((c) => c.name))];
  return {
    format: 'goldpath.imports-diff',
    version: 1,
    from: before.source,
    to: after.source,
    moved,
    categories: names.map((name) => {
      const x = before.categories.find((c) => c.name === name);
      const y = after.categories.find((c) => c.name === name);
      const filesOf = (c: typeof x) => new Set(c ? [...c.productionFiles, ...c.testFiles] : []);
      const fx = filesOf(x);
      const fy = filesOf(y);
      return {
        name,
        before: { production: x?.productionFiles.length ?? 0, test: x?.testFiles.length ?? 0 },
        after: { production: y?.productionFiles.length ?? 0, test: y?.testFiles.length ?? 0 },
        added: [...fy].filter((f) => !fx.has(f)).sort(),
        removed: [...fx].filter((f) => !fy.has(f)).sort(),
      };
    }),
  };
}
