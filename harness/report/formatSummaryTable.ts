import type { Summary } from '../../contracts/Summary.ts';
import { formatMs } from './formatMs.ts';
import { scenarioNotes } from './scenarioNotes.ts';

const HEADERS = ['scenario', 'status', 'users', 'runs', 'events', 'findings', 'p95 engine creation'];
/** Shown only when some scenario was skipped or not fully checked. */
const NOTES = 'skipped / not checked';

/**
 * A terminal table of the scenarios of one summary, one row each, with a totals line.
 * @example log(formatSummaryTable(summary))
 */
export function formatSummaryTable(summary: Summary): string {
  const rows = summary.scenarios.map((s) => [
    s.project ? `${s.project} › ${s.name}` : s.name,
    s.status,
    String(s.users),
    s.runs === s.runsCompleted ? String(s.runs) : `${s.runsCompleted}/${s.runs}`,
    String(s.events),
    String(Object.values(s.findingsByCode).reduce((a, b) => a + b, 0)),
    s.latency.engine_creation ? `${formatMs(s.latency.engine_creation.p95)} ms` : '-',
    scenarioNotes(s).join('; '),
  ]);
  const skipped = summary.scenarios.filter((s) => s.status === 'skipped').length;
  const partial = summary.scenarios.filter((s) => (s.notChecked ?? []).length > 0).length;
  const totalNote = [skipped > 0 ? `${skipped} skipped` : '', partial > 0 ? `${partial} not fully checked` : '']
    .filter(Boolean)
    .join(', ');
  rows.push([
    'total',
    summary.status,
    '',
    String(summary.totals.runs),
    String(summary.totals.events),
    String(summary.totals.findings),
    '',
    totalNote,
  ]);
  const headers = rows.some((r) => (r[7] ?? '') !== '') ? [...HEADERS, NOTES] : HEADERS;
  if (headers === HEADERS) for (const r of rows) r.length = HEADERS.length;
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([2, 3, 4, 5, 6]);
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (numeric.has(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  const rule = widths.map((w) => '─'.repeat(w)).join('  ');
  return [line(headers), rule, ...rows.slice(0, -1).map(line), rule, line(rows[rows.length - 1] ?? [])].join('\n');
}
