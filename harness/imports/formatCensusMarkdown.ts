import type { ImportCensus } from '../../contracts/ImportCensus.ts';

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** imports.md: the seed-style table, the critical integration points, and per category every file (production first) with its sites. */
export function formatCensusMarkdown(census: ImportCensus): string {
  const f = census.files;
  const out = [
    `## goldpath imports ${cell(census.source)}`,
    '',
    `${f.total} Python files: ${f.production} production, ${f.test} test (test paths: ${census.testPaths.map((p) => `\`${p}\``).join(', ')}).`,
    '',
  ];
  out.push(
    '| category | pattern | production files | test files | import sites | files naming it in strings or comments |',
    '|---|---|---:|---:|---:|---:|',
  );
  for (const c of census.categories)
    out.push(
      `| ${c.name} | \`from ${c.module} import ${c.names.length > 0 ? c.names.join(', ') : '…'}\` | ${c.productionFiles.length} | ${c.testFiles.length} | ${c.sites} | ${c.mentionFiles.length} |`,
    );
  if (census.integrationPoints.length > 0) {
    out.push('', '### Critical integration points', '', '| file | imports |', '|---|---|');
    for (const p of census.integrationPoints)
      out.push(
        `| \`${p.path}\` | ${p.file === undefined ? 'not in this tree' : p.categories.length > 0 ? p.categories.join(', ') : 'no category'} |`,
      );
  }
  for (const c of census.categories) {
    out.push('', `### ${c.name}: \`${c.module}\``, '');
    const linesOf = (file: string) => {
      const sites = c.imports
        .filter((s) => s.file === file)
        .map((s) => `${s.line}${s.context.length > 0 ? ` (${s.context.join(', ')})` : ''}`);
      return `line${sites.length === 1 ? '' : 's'} ${sites.join(', ')}`;
    };
    for (const [label, files] of [
      ['Production files', c.productionFiles],
      ['Test files', c.testFiles],
    ] as const) {
      out.push(`${label} (${files.length}):`, '');
      out.push(...(files.length > 0 ? files.map((file) => `- \`${file}\` ${linesOf(file)}`) : ['- none']), '');
    }
    if (c.otherImports.length > 0)
      out.push(
        'Imports of other names (not counted):',
        '',
        ...c.otherImports.map((s) => `- \`${s.file}\` line ${s.line}: \`${cell(s.statement)}\``),
        '',
      );
    if (c.mentions.length > 0)
      out.push(
        'Mentions in strings and comments (not imports):',
        '',
        ...c.mentions.map((m) => `- \`${m.file}\` line ${m.line} (${m.kind}${m.test ? ', test' : ''})`),
        '',
      );
  }
  if (f.withSyntaxErrors.length > 0)
    out.push('', `Files with syntax errors (read in part): ${f.withSyntaxErrors.map((x) => `\`${x}\``).join(', ')}`);
  if (f.unreadable.length > 0) out.push('', `Files not read: ${f.unreadable.map((x) => `\`${x}\``).join(', ')}`);
  return `${out.join('\n')}\n`;
}
