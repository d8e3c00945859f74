import type { ImportCensusDiff } from '../../contracts/ImportCensus.ts';
import { boundedList, padTable } from './formatCensusTable.ts';

const list = (cats: string[]): string => (cats.length > 0 ? cats.join(', ') : '(none)');

/** The console view of a diff: files per category before → after, then up to `maxFiles` files that moved. */
export function formatCensusDiff(diff: ImportCensusDiff, maxFiles = 20): string {
  const out = [
    `imports ${diff.from} → ${diff.to}: ${diff.moved.length} file${diff.moved.length === 1 ? '' : 's'} changed category`,
    '',
  ];
  const rows = [['category', 'production', 'test', 'added', 'removed']];
  for (const c of diff.categories)
    rows.push([
      c.name,
      `${c.before.production} → ${c.after.production}`,
      `${c.before.test} → ${c.after.test}`,
      String(c.added.length),
      String(c.removed.length),
    ]);
  out.push(...padTable(rows, new Set([3, 4])));
  if (diff.moved.length > 0) {
    out.push('', 'moved:');
    out.push(
      ...boundedList(
        diff.moved.map((m) => `${m.file}${m.test ? ' (test)' : ''}: ${list(m.from)} → ${list(m.to)}`),
        maxFiles,
        'imports-diff.json, with --out',
      ).map((l) => `  ${l}`),
    );
  }
  return out.join('\n');
}

/** imports-diff.md: the same, as markdown, with every moved file. */
export function formatCensusDiffMarkdown(diff: ImportCensusDiff): string {
  const out = [
    `## goldpath imports ${diff.from} → ${diff.to}`,
    '',
    '| category | production files | test files | added | removed |',
    '|---|---|---|---:|---:|',
  ];
  for (const c of diff.categories)
    out.push(
      `| ${c.name} | ${c.before.production} → ${c.after.production} | ${c.before.test} → ${c.after.test} | ${c.added.length} | ${c.removed.length} |`,
    );
  out.push('', `### Files that changed category (${diff.moved.length})`, '');
  out.push(
    ...(diff.moved.length > 0
      ? diff.moved.map((m) => `- \`${m.file}\`${m.test ? ' (test)' : ''}: ${list(m.from)} → ${list(m.to)}`)
      : ['- none']),
  );
  return `${out.join('\n')}\n`;
}
