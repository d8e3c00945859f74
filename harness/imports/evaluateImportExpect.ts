import type { ImportBound, ImportCensus, ImportCheck, ImportExpect, ImportGate } from '../../contracts/ImportCensus.ts';

const SCOPES = ['production', 'test', 'total'] as const;

function describeBound(bound: ImportBound): string {
  if (typeof bound === 'number') return bound === 0 ? 'no files' : `at most ${bound} files`;
  if (bound.min !== undefined && bound.max !== undefined) return `${bound.min} to ${bound.max} files`;
  return bound.min !== undefined ? `at least ${bound.min} files` : `at most ${bound.max} files`;
}

function holds(bound: ImportBound, n: number): boolean {
  if (typeof bound === 'number') return n <= bound;
  return (bound.min === undefined || n >= bound.min) && (bound.max === undefined || n <= bound.max);
}

/** Names in `expect` that are no category of the census (a typo would otherwise pass silently). */
export function unknownExpectCategories(expect: ImportExpect, categories: readonly { name: string }[]): string[] {
  return Object.keys(expect).filter((k) => !categories.some((c) => c.name === k));
}

/**
 * Checks a step's expectations against its census: PASS when every bound holds, FAIL with the files that break one.
 * @example evaluateImportExpect(census, { compat: { production: 0 } }).status // 'FAIL' while a production file imports the shim
 */
export function evaluateImportExpect(census: ImportCensus, expect: ImportExpect): Omit<ImportGate, 'reports'> {
  const checks: ImportCheck[] = [];
  for (const [name, bounds] of Object.entries(expect)) {
    const cat = census.categories.find((c) => c.name === name);
    if (!cat)
      throw new Error(
        `no category "${name}" in the census (known: ${census.categories.map((c) => c.name).join(', ')})`,
      );
    for (const scope of SCOPES) {
      const bound = bounds[scope];
      if (bound === undefined) continue;
      const files =
        scope === 'production'
          ? cat.productionFiles
          : scope === 'test'
            ? cat.testFiles
            : [...cat.productionFiles, ...cat.testFiles];
      checks.push({
        category: name,
        scope,
        expected: describeBound(bound),
        actual: files.length,
        pass: holds(bound, files.length),
        files: [...files],
      });
    }
  }
  const failed = checks.filter((c) => !c.pass);
  const gate: Omit<ImportGate, 'reports'> = {
    source: census.source,
    status: checks.length === 0 ? 'RECORDED' : failed.length === 0 ? 'PASS' : 'FAIL',
    message:
      checks.length === 0
        ? `import census of ${census.source} recorded (no expectations)`
        : failed.length === 0
          ? `imports of ${census.source}: ${checks.length === 1 ? 'its expectation holds' : `all ${checks.length} expectations hold`}`
          : failed
              .map(
                (c) =>
                  `imports ${c.category}.${c.scope}: expected ${c.expected}, received ${c.actual} (${c.files.slice(0, 3).join(', ')}${c.files.length > 3 ? `, and ${c.files.length - 3} more` : ''})`,
              )
              .join('; '),
    checks,
    counts: census.categories.map((c) => ({
      category: c.name,
      production: c.productionFiles.length,
      test: c.testFiles.length,
      sites: c.sites,
      mentions: c.mentionFiles.length,
    })),
  };
  if (census.commit !== undefined) gate.commit = census.commit;
  return gate;
}
