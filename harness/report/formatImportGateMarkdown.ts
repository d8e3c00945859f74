import type { ImportGate } from '../../contracts/ImportCensus.ts';

export const IMPORT_GATE_ICON: Record<ImportGate['status'], string> = {
  PASS: '✅',
  FAIL: '🚧',
  ERROR: '🔌',
  RECORDED: '📼',
};

/** Files shown per failed expectation in migration reports; the census files list them all. */
export const GATE_FILES_SHOWN = 20;

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The import gate of one point in migration.md: counts per category, each expectation, the files still on an old path. */
export function formatImportGateMarkdown(title: string, gate: ImportGate): string[] {
  const out = [
    `### ${cell(title)}: imports ${gate.status}`,
    '',
    `${cell(gate.message)}${gate.commit ? ` (commit \`${gate.commit.slice(0, 12)}\`)` : ''}`,
    '',
  ];
  if (gate.counts.length > 0) {
    out.push(
      '| category | production files | test files | import sites | files that mention it |',
      '|---|---:|---:|---:|---:|',
    );
    for (const c of gate.counts)
      out.push(`| ${c.category} | ${c.production} | ${c.test} | ${c.sites} | ${c.mentions} |`);
    out.push('');
  }
  if (gate.checks.length > 0) {
    out.push('| expectation | expected | found | files |', '|---|---|---:|---|');
    for (const c of gate.checks) {
      const shown = c.files
        .slice(0, GATE_FILES_SHOWN)
        .map((f) => `\`${cell(f)}\``)
        .join(', ');
      const more = c.files.length > GATE_FILES_SHOWN ? `, and ${c.files.length - GATE_FILES_SHOWN} more` : '';
      out.push(`| ${c.pass ? '✅' : '❌'} ${c.category}.${c.scope} | ${c.expected} | ${c.actual} | ${shown}${more} |`);
    }
    out.push('');
  }
  if (gate.reports.length > 0) out.push(`Census: ${gate.reports.map((r) => `[${r}](${r})`).join(', ')}`, '');
  return out;
}
