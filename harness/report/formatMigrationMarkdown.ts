import type { MigrationTimeline, TimelineEntry } from '../../contracts/MigrationTimeline.ts';
import { formatImportGateMarkdown, IMPORT_GATE_ICON } from './formatImportGateMarkdown.ts';

const ICON: Record<TimelineEntry['status'], string> = {
  RECORDED: '📼',
  PASS: '✅',
  REGRESSED: '❌',
  BROKEN: '🛑',
  INCOMPLETE: '🚧',
  ERROR: '🔌',
  NOT_RUN: '⏸️',
};

/** migration.md: the timeline as a table, the message (where it stopped, where to roll back) and each failing step's reasons. */
export function formatMigrationMarkdown(t: MigrationTimeline): string {
  const out = [`## goldpath migrate ${t.plan}: ${t.status}`, '', t.message, ''];
  out.push(
    '| # | point | state | status | reasons | imports | duration | report |',
    '|---|---|---|---|---:|---|---:|---|',
  );
  [t.baseline, ...t.steps].forEach((e, i) => {
    const report = e.reports[e.reports.length - 1];
    out.push(
      `| ${i === 0 ? 'baseline' : i} | ${cell(e.title)} | ${cell(e.state)} | ${ICON[e.status]} ${e.status} | ${e.verdict ? e.verdict.reasons.length : ''} | ${e.imports ? `${IMPORT_GATE_ICON[e.imports.status]} ${e.imports.status}` : ''} | ${e.durationMs !== undefined ? `${(e.durationMs / 1000).toFixed(1)} s` : ''} | ${report ? `[${report}](${report}/index.html)` : ''} |`,
    );
  });
  out.push('');
  for (const e of t.steps) {
    if (!e.verdict || e.verdict.reasons.length === 0) continue;
    out.push(`### ${cell(e.title)}: ${e.status}`, '');
    e.verdict.reasons.forEach((r, i) => out.push(`${i + 1}. **${r.kind}** ${cell(r.message)}`));
    out.push('');
  }
  for (const e of [t.baseline, ...t.steps]) if (e.imports) out.push(...formatImportGateMarkdown(e.title, e.imports));
  for (const e of [t.baseline, ...t.steps]) if (e.error) out.push(`- ${cell(e.title)}: ${cell(e.error)}`);
  if (t.baseline.noise)
    out.push(
      '',
      '<details><summary>Baseline noise</summary>',
      '',
      '```',
      t.baseline.noise,
      '```',
      '',
      '</details>',
      '',
    );
  return out.join('\n');
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
