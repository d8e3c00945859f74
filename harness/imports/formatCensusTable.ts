import type { ImportCensus } from '../../contracts/ImportCensus.ts';

/** Pads columns of text rows; numeric columns (given by index) align right. */
export function padTable(rows: string[][], numeric: ReadonlySet<number> = new Set()): string[] {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) =>
    r
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** Lists at most `max` items, then says how many more there are and where they are. */
export function boundedList(items: readonly string[], max: number, where: string): string[] {
  const shown = items.slice(0, max);
  return items.length > max ? [...shown, `… and ${items.length - max} more (all in ${where})`] : shown;
}

/**
 * The console view of a census: one row per category like the seed's table, then up to `maxFiles` files per category
 * (production first), the critical integration points and the files the parser could only partly read.
 */
export function formatCensusTable(census: ImportCensus, maxFiles = 10): string {
  const f = census.files;
  const out = [
    `import census of ${census.source}${census.commit !== undefined ? ` (${census.commit.slice(0, 12)})` : ''}: ${f.total} Python files (${f.production} production, ${f.test} test; ${f.parsed} parsed) in ${(census.durationMs / 1000).toFixed(2)} s`,
    '',
  ];
  const rows = [['category', 'module', 'production', 'test', 'sites', 'mentioned in']];
  for (const c of census.categories)
    rows.push([
      c.name,
      c.module,
      String(c.productionFiles.length),
      String(c.testFiles.length),
      String(c.sites),
      String(c.mentionFiles.length),
    ]);
  out.push(...padTable(rows, new Set([2, 3, 4, 5])), '');
  for (const c of census.categories) {
    const files = [...c.productionFiles, ...c.testFiles.map((t) => `${t} (test)`)];
    out.push(
      `${c.name}: ${c.productionFiles.length} production, ${c.testFiles.length} test file${c.testFiles.length === 1 ? '' : 's'}${files.length > 0 ? '' : ' (none)'}`,
    );
    out.push(...boundedList(files, maxFiles, 'imports.json, with --out').map((l) => `  ${l}`));
    if (c.otherImports.length > 0)
      out.push(
        `  note: ${c.otherImports.length} import${c.otherImports.length === 1 ? '' : 's'} of other names from ${c.module} (not counted): ${c.otherImports
          .slice(0, 3)
          .map((s) => `${s.file}:${s.line}`)
          .join(', ')}`,
      );
  }
  if (census.integrationPoints.length > 0) {
    out.push('', 'critical integration points:');
    for (const p of census.integrationPoints)
      out.push(
        `  ${p.path}: ${p.file === undefined ? 'not in this tree' : p.categories.length > 0 ? p.categories.join(', ') : 'imports no category'}`,
      );
  }
  if (f.withSyntaxErrors.length > 0)
    out.push(
      '',
      `syntax errors (read in part): ${boundedList(f.withSyntaxErrors, maxFiles, 'imports.json').join(', ')}`,
    );
  if (f.unreadable.length > 0)
    out.push('', `not read: ${boundedList(f.unreadable, maxFiles, 'imports.json').join(', ')}`);
  return out.join('\n');
}
