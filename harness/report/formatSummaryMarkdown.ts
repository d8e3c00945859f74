import type { LatencyName, Summary } from '../../contracts/Summary.ts';
import type { Verdict } from '../../contracts/Verdict.ts';
import { formatMs } from './formatMs.ts';
import { scenarioNotes } from './scenarioNotes.ts';

const STATUS_ICON: Record<string, string> = {
  passed: '✅',
  failed: '❌',
  flaky: '⚠️',
  skipped: '⏭️',
  timedOut: '⏱️',
  interrupted: '⛔',
  infrastructure_error: '🔌',
};
const VERDICT_ICON: Record<Verdict['status'], string> = { PASS: '✅', REGRESSED: '❌', BROKEN: '🛑' };
const LATENCY: LatencyName[] = ['engine_creation', 'first_event', 'terminal', 'tool'];
const MAX_FINDINGS = 20;

/**
 * summary.md: fit for a CI step summary ($GITHUB_STEP_SUMMARY). Status line, the verdict when there is one,
 * a table per scenario, findings by code, latency percentiles.
 */
export function formatSummaryMarkdown(summary: Summary, verdict?: Verdict): string {
  const out: string[] = [];
  const head = verdict
    ? `${VERDICT_ICON[verdict.status]} ${verdict.status}${verdict.step ? ` at step ${cell(verdict.step)}` : ''}`
    : `${STATUS_ICON[summary.status] ?? ''} ${summary.status}`;
  out.push(`## goldpath: ${head}`, '');
  out.push(
    `Run \`${summary.runId}\` against ${summary.target.label ?? summary.target.kind}${summary.target.url ? ` (${summary.target.url})` : ''}: ${summary.totals.scenarios} scenarios (${summary.totals.passed} passed, ${summary.totals.failed} failed${summary.totals.skipped ? `, ${summary.totals.skipped} skipped` : ''}), ${summary.totals.runs} runs, ${summary.totals.events} events, ${summary.totals.findings} findings in ${(summary.durationMs / 1000).toFixed(1)} s. Contract ${summary.contractVersion}, goldpath ${summary.goldpathVersion}.`,
    '',
  );
  const problems = summary.result?.problems ?? [];
  if (problems.length > 0)
    out.push('### goldpath could not do its job', '', ...problems.map((p) => `- ${cell(p)}`), '');

  if (verdict) {
    out.push('### Verdict against the baseline', '');
    if (verdict.reasons.length === 0) out.push('No difference beyond the baseline noise and thresholds.', '');
    else {
      out.push('| # | kind | scenario | what | expected | received |', '|---|---|---|---|---|---|');
      verdict.reasons.forEach((r, i) =>
        out.push(
          `| ${i + 1} | ${r.kind} | ${cell(r.scenario)} | ${cell(r.what)} | ${cell(r.expected)} | ${cell(r.received)} |`,
        ),
      );
      out.push('');
    }
    if (verdict.improvements.length > 0)
      out.push('Improvements:', '', ...verdict.improvements.map((r) => `- ${r.message}`), '');
    if (verdict.notes.length > 0) out.push('Notes:', '', ...verdict.notes.map((n) => `- ${n}`), '');
  }

  out.push(
    '### Scenarios',
    '',
    '| scenario | status | users | requests | runs (completed) | events | findings | p95 engine creation (ms) | skipped / not checked |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
  );
  for (const s of summary.scenarios) {
    const findings = Object.values(s.findingsByCode).reduce((a, b) => a + b, 0);
    out.push(
      `| ${cell(s.project ? `${s.project} › ${s.name}` : s.name)} | ${STATUS_ICON[s.status] ?? ''} ${s.status} | ${s.users} | ${s.requests} | ${s.runs} (${s.runsCompleted}) | ${s.events} | ${findings} | ${formatMs(s.latency.engine_creation?.p95)} | ${cell(scenarioNotes(s).join('; '))} |`,
    );
  }
  out.push('');
  // where each scenario came from: goldpath's built-in suite or the team's own files
  const byFile = new Map<string, string[]>();
  for (const s of summary.scenarios)
    if (s.file !== undefined)
      byFile.set(s.file, [...(byFile.get(s.file) ?? []), s.project ? `${s.project} › ${s.name}` : s.name]);
  if (byFile.size > 0)
    out.push(
      'Scenario files:',
      '',
      ...[...byFile].map(([file, names]) => `- \`${file}\`: ${names.map(cell).join('; ')}`),
      '',
    );

  const codes = Object.entries(summary.findingsByCode)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  out.push('### Findings by code', '');
  if (codes.length === 0) out.push('No findings.', '');
  else {
    out.push('| code | count | first example |', '|---|---:|---|');
    for (const [code, n] of codes) {
      const example = summary.scenarios.flatMap((s) => s.findings).find((f) => f.code === code);
      out.push(`| \`${code}\` | ${n} | ${example ? cell(example.message) : ''} |`);
    }
    out.push('');
    const all = summary.scenarios.flatMap((s) => s.findings.map((f) => ({ s: s.name, f })));
    if (all.length > 0) {
      out.push('<details><summary>Findings</summary>', '');
      all
        .slice(0, MAX_FINDINGS)
        .forEach(({ s, f }, i) => out.push(`${i + 1}. [${cell(s)}] \`${f.code}\` ${cell(f.message)}`));
      if (all.length > MAX_FINDINGS) out.push('', `… and ${all.length - MAX_FINDINGS} more in summary.json`);
      out.push('', '</details>', '');
    }
  }

  out.push(
    '### Latency percentiles (ms)',
    '',
    '| scenario | figure | count | p50 | p95 | p99 | max |',
    '|---|---|---:|---:|---:|---:|---:|',
  );
  for (const s of summary.scenarios) {
    for (const name of LATENCY) {
      const p = s.latency[name];
      if (p)
        out.push(
          `| ${cell(s.name)} | ${name} | ${p.count} | ${formatMs(p.p50)} | ${formatMs(p.p95)} | ${formatMs(p.p99)} | ${formatMs(p.max)} |`,
        );
    }
  }
  out.push('');
  return out.join('\n');
}

/** Keeps a value inside one Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
