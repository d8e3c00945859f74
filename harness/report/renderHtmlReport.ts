import type { Finding } from '../../contracts/Finding.ts';
import type { ScenarioSummary, Summary } from '../../contracts/Summary.ts';
import type { Verdict } from '../../contracts/Verdict.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { formatMs } from './formatMs.ts';
import { scenarioNotes } from './scenarioNotes.ts';
import type { Timeline, TimelineLimits } from './readHistoryTimeline.ts';
import { isFailing, renderFailures, type FailureLimits, type FailureView } from './renderFailures.ts';
import { renderShapeDistribution, shapeSynopsis, type ShapeLimits } from './renderShapeDistribution.ts';
import { renderLatencyChart, renderLegend, renderSwimlanes } from './renderSvgCharts.ts';

export interface HtmlReportInput {
  summary: Summary;
  verdict?: Verdict;
  /** Timelines read from each scenario's histories, by scenario index. */
  timelines: Timeline[][];
  /** The failing scenarios, each with the swimlane of its first failing run, in summary order. */
  failures?: FailureView[];
  limits: TimelineLimits &
    FailureLimits & {
      maxHistoriesPerScenario: number;
      maxMatrixUsers: number;
      maxFindings: number;
      /** Scenarios that get their own shapes, timelines, isolation and latency sections (the table lists all). */
      maxScenarioSections: number;
      maxHistoryLinks: number;
      shapes: ShapeLimits;
    };
}

export const REPORT_CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#0f172a;background:#f8fafc}
main{max-width:1100px;margin:0 auto;padding:0 20px 40px}
h1{font-size:20px;margin:18px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
.banner{padding:16px 20px;color:#fff;display:flex;gap:18px;align-items:baseline}.banner .verdict{font-size:28px;font-weight:800;margin:0;letter-spacing:.5px}
.banner.pass{background:#15803d}.banner.regressed{background:#b45309}.banner.broken{background:#991b1b}.banner.neutral{background:#334155}
table{border-collapse:collapse;width:100%;background:#fff;margin:6px 0 12px}caption{text-align:left;font-weight:600;padding:4px 0;color:#334155}
th,td{border:1px solid #e2e8f0;padding:4px 8px;text-align:left;vertical-align:top}th{background:#f1f5f9}td.num{text-align:right;font-variant-numeric:tabular-nums}
.status-passed{color:#15803d;font-weight:600}.status-failed,.status-timedOut,.status-interrupted{color:#b91c1c;font-weight:600}
code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f1f5f9;padding:1px 3px;border-radius:3px}
.matrix td{text-align:center;min-width:36px}.matrix td.leak{background:#fecaca;color:#7f1d1d;font-weight:700}.matrix td.ok{color:#94a3b8}.matrix td.self{background:#f1f5f9}
.legend{display:flex;flex-wrap:wrap;gap:14px;list-style:none;padding:0;margin:4px 0}.swatch{display:inline-block;width:10px;height:10px;border-radius:50%;margin-right:5px}
.failure{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,600px);gap:16px;background:#fff;border:1px solid #fecaca;border-left:5px solid #b91c1c;padding:10px 14px;margin:10px 0}
.failure h3{margin:2px 0 4px}.failure .findings{padding-left:0;list-style:none;margin:6px 0}.failure .findings li{margin:0 0 10px}.failure .example{margin:2px 0 0 12px}.failure .findings .note{font-size:12px}.failure figure{margin:0}.failure svg{width:100%;height:auto}
.problems{background:#fff7ed;border:1px solid #fdba74;border-left:5px solid #c2410c;padding:8px 14px;margin:10px 0}.problems h3{margin:2px 0}
pre.error{margin:6px 0;max-height:260px;overflow:auto}
table.shapes{margin:4px 0}table.shapes td.share{width:34%;white-space:nowrap}.bar{display:inline-block;height:10px;background:#3b82f6;margin-right:6px;vertical-align:middle;min-width:1px;max-width:70%}
details.shapes-rest{margin:0 0 14px}details.shapes-rest summary{cursor:pointer;color:#334155}
.note{color:#475569;font-size:13px;font-weight:normal}pre{white-space:pre-wrap;background:#fff;border:1px solid #e2e8f0;padding:8px;font-size:12px}svg{background:#fff;border:1px solid #e2e8f0;margin:4px 0}ol.findings li{margin:2px 0}
`;

/** The self-contained HTML report (no network, inline CSS and SVG, no script). */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { summary, verdict } = input;
  const title = `goldpath report ${summary.runId}`;
  const body = [
    renderBanner(summary, verdict),
    '<main>',
    `<h1>${h(title)}</h1>`,
    `<p class="note">Target ${h(summary.target.label ?? summary.target.kind)}${summary.target.url ? ` (${h(summary.target.url)})` : ''} · started ${h(summary.startedAt)} · ${(summary.durationMs / 1000).toFixed(1)} s · contract ${h(summary.contractVersion)} · goldpath ${h(summary.goldpathVersion)}</p>`,
    renderFailures(
      summary,
      input.failures ?? summary.scenarios.filter(isFailing).map((scenario) => ({ scenario })),
      input.limits,
    ),
    verdict ? renderVerdict(verdict) : '',
    renderScenarioTable(summary, input.limits),
    renderShapes(summary, input.limits),
    renderFindings(summary, input.limits.maxFindings),
    renderTimelines(summary, input),
    renderIsolation(summary, input),
    renderLatency(summary, input.limits),
    renderHistories(summary, input.limits.maxHistoryLinks),
    '</main>',
  ].join('\n');
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${h(title)}</title><style>${REPORT_CSS}</style></head><body>\n${body}\n</body></html>\n`;
}

function renderBanner(summary: Summary, verdict?: Verdict): string {
  if (verdict) {
    const text = `${verdict.reasons.length} reason${verdict.reasons.length === 1 ? '' : 's'} against the baseline${verdict.step ? ` at step ${verdict.step}` : ''}`;
    return `<section class="banner ${verdict.status.toLowerCase()}" role="status" aria-label="Verdict"><p class="verdict">${verdict.status}</p><p>${h(text)}</p></section>`;
  }
  const cls = summary.status === 'passed' ? 'pass' : summary.status === 'failed' ? 'broken' : 'neutral';
  const text =
    summary.status === 'passed'
      ? 'PASSED'
      : summary.status === 'failed'
        ? 'FAILED'
        : summary.status === 'interrupted'
          ? 'INTERRUPTED'
          : 'INFRASTRUCTURE ERROR';
  return `<section class="banner ${cls}" role="status" aria-label="Result"><p class="verdict">${text}</p><p>${summary.totals.passed} of ${summary.totals.scenarios} scenarios passed, ${summary.totals.findings} findings</p></section>`;
}

function renderVerdict(verdict: Verdict): string {
  const out = ['<h2 id="baseline">Baseline comparison</h2>'];
  if (verdict.baseline)
    out.push(
      `<p class="note">Baseline ${h(verdict.baseline.name ?? verdict.baseline.file ?? '')} recorded ${h(verdict.baseline.createdAt)} over ${verdict.baseline.passes} passes; differences within its noise are not regressions.</p>`,
    );
  const table = (rows: Verdict['reasons'], caption: string): string =>
    `<table><caption>${h(caption)}</caption><thead><tr><th scope="col">#</th><th scope="col">kind</th><th scope="col">scenario</th><th scope="col">what</th><th scope="col">expected</th><th scope="col">received</th></tr></thead><tbody>${rows.map((r, i) => `<tr><td class="num">${i + 1}</td><td>${h(r.kind)}</td><td>${h(r.scenario)}</td><td>${h(r.what)}${r.examples ? `<ul>${r.examples.map((e) => `<li class="note">${h(e)}</li>`).join('')}</ul>` : ''}</td><td>${h(r.expected)}</td><td>${h(r.received)}</td></tr>`).join('')}</tbody></table>`;
  out.push(
    verdict.reasons.length > 0
      ? table(verdict.reasons, `Reasons for ${verdict.status}`)
      : '<p>No difference beyond the baseline noise and thresholds.</p>',
  );
  if (verdict.improvements.length > 0) out.push(table(verdict.improvements, 'Improvements'));
  if (verdict.notes.length > 0)
    out.push(`<ul aria-label="Notes">${verdict.notes.map((n) => `<li class="note">${h(n)}</li>`).join('')}</ul>`);
  return out.join('\n');
}

function findingCount(s: ScenarioSummary): number {
  return Object.values(s.findingsByCode).reduce((a, b) => a + b, 0);
}

function renderScenarioTable(summary: Summary, limits: HtmlReportInput['limits']): string {
  const rows = summary.scenarios.map(
    (s, i) =>
      `<tr><th scope="row">${h(s.project ? `${s.project} › ${s.name}` : s.name)}</th><td class="status-${h(s.status)}">${h(s.status)}${scenarioNotes(
        s,
      )
        .map((n) => `<p class="note">${h(n)}</p>`)
        .join(
          '',
        )}</td><td class="num">${s.users}</td><td class="num">${s.requests}</td><td class="num">${s.runs} (${s.runsCompleted})</td><td class="num">${s.events}</td><td class="num">${findingCount(s)}</td><td class="num">${formatMs(s.latency.engine_creation?.p95)}</td><td>${Object.keys(s.shapes).length === 0 ? '–' : i < limits.maxScenarioSections ? `<a href="#shapes-${i + 1}">${h(shapeSynopsis(s.shapes))}</a>` : h(shapeSynopsis(s.shapes))}</td></tr>`,
  );
  return `<h2 id="scenarios">Scenarios</h2><table><caption>Scenarios of run ${h(summary.runId)}</caption><thead><tr><th scope="col">scenario</th><th scope="col">status</th><th scope="col">users</th><th scope="col">requests</th><th scope="col">runs (completed)</th><th scope="col">events</th><th scope="col">findings</th><th scope="col">p95 engine creation (ms)</th><th scope="col">run shapes</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The scenarios that get sections of their own, and a note for the rest. */
function sectionScenarios(
  summary: Summary,
  limits: HtmlReportInput['limits'],
): { shown: ScenarioSummary[]; more: string } {
  const hidden = summary.scenarios.length - limits.maxScenarioSections;
  return {
    shown: summary.scenarios.slice(0, limits.maxScenarioSections),
    more:
      hidden > 0
        ? `<p class="note">${hidden} more scenarios are not drawn here; summary.json has their figures.</p>`
        : '',
  };
}

function renderShapes(summary: Summary, limits: HtmlReportInput['limits']): string {
  const { shown, more } = sectionScenarios(summary, limits);
  const parts = shown
    .map((s, i) => renderShapeDistribution(s, `shapes-${i + 1}`, limits.shapes))
    .filter((x) => x !== '');
  if (parts.length === 0) return '';
  return `<h2 id="shapes">Run shapes</h2><p class="note">Each run's event sequence with ids and times masked (S started, T thinking, X/C tool executing/completed, D done), most common first.</p>${parts.join('\n')}${more}`;
}

function renderFindings(summary: Summary, max: number): string {
  const codes = Object.entries(summary.findingsByCode)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (codes.length === 0) return '<h2 id="findings">Findings</h2><p>No findings.</p>';
  const all: { scenario: string; finding: Finding }[] = summary.scenarios.flatMap((s) =>
    s.findings.map((finding) => ({ scenario: s.name, finding })),
  );
  const list = all
    .slice(0, max)
    .map(
      ({ scenario, finding }) =>
        `<li><code>${h(finding.code)}</code> <span class="note">[${h(scenario)}]</span> ${h(finding.message)}</li>`,
    )
    .join('');
  return `<h2 id="findings">Findings</h2><table><caption>Findings by code</caption><thead><tr><th scope="col">code</th><th scope="col">count</th></tr></thead><tbody>${codes.map(([c, n]) => `<tr><td><code>${h(c)}</code></td><td class="num">${n}</td></tr>`).join('')}</tbody></table><ol class="findings" aria-label="Findings">${list}</ol>${all.length > max ? `<p class="note">Showing the first ${max} of ${all.length} findings; summary.json has them all.</p>` : ''}`;
}

function renderTimelines(summary: Summary, input: HtmlReportInput): string {
  const out = [
    '<h2 id="timelines">Run timelines</h2>',
    `<p class="note">One lane per user and run (labelled with the run's start, ms since the history began); events placed by their time since the run's first event. Bounded: the first ${input.limits.maxHistoriesPerScenario} histories of each scenario, ${input.limits.maxUsers} users and ${input.limits.maxLanes} runs per history, ${input.limits.maxEventsPerLane} events per run.</p>`,
    renderLegend(),
  ];
  const { shown, more } = sectionScenarios(summary, input.limits);
  shown.forEach((s, i) => {
    const timelines = input.timelines[i] ?? [];
    if (timelines.length === 0) return;
    out.push(`<h3>${h(s.name)}</h3>`);
    for (const t of timelines) {
      if (t.error) out.push(`<p class="note">${h(t.error)}</p>`);
      else out.push(renderSwimlanes(t, `Timeline of ${s.name}: events by user and run from ${t.path}`));
      if (t.truncated.length > 0) out.push(`<p class="note">Partial picture: ${h(t.truncated.join('; '))}.</p>`);
    }
    if (s.histories.length > timelines.length)
      out.push(`<p class="note">${s.histories.length - timelines.length} more histories are not drawn.</p>`);
  });
  out.push(more);
  return out.join('\n');
}

function renderIsolation(summary: Summary, input: HtmlReportInput): string {
  const out = [
    '<h2 id="isolation">Isolation</h2>',
    '<p class="note">Rows received data that belongs to the column\'s user; a red cell counts leaks (isolation findings).</p>',
  ];
  const { shown, more } = sectionScenarios(summary, input.limits);
  shown.forEach((s, i) => {
    const leaks = s.findings.filter((f) => f.code.startsWith('isolation.'));
    const users: string[] = [];
    const add = (u: string | undefined): void => {
      if (u && !users.includes(u)) users.push(u);
    };
    leaks.forEach((f) => {
      add(f.user);
      add(f.related?.user);
    });
    (input.timelines[i] ?? []).forEach((t) => t.users.forEach(add));
    if (users.length < 2 && leaks.length === 0) return;
    const shown = users.slice(0, input.limits.maxMatrixUsers);
    const count = (row: string, col: string): number =>
      leaks.filter((f) => f.user === row && f.related?.user === col).length;
    const unknown = leaks.filter((f) => !f.related?.user).length;
    const head = shown.map((u) => `<th scope="col">${h(u)}</th>`).join('');
    const rows = shown
      .map(
        (row) =>
          `<tr><th scope="row">${h(row)}</th>${shown
            .map((col) => {
              if (row === col) return '<td class="self" aria-label="same user">·</td>';
              const n = count(row, col);
              return n > 0
                ? `<td class="leak" aria-label="${n} leak${n === 1 ? '' : 's'} from ${h(col)} to ${h(row)}">✗ ${n}</td>`
                : `<td class="ok" aria-label="no leak">✓</td>`;
            })
            .join('')}</tr>`,
      )
      .join('');
    out.push(
      `<table class="matrix"><caption>Isolation matrix of ${h(s.name)}: ${leaks.length} isolation findings</caption><thead><tr><th scope="col">received by \\ belongs to</th>${head}</tr></thead><tbody>${rows}</tbody></table>`,
    );
    if (users.length > shown.length) out.push(`<p class="note">Showing ${shown.length} of ${users.length} users.</p>`);
    if (unknown > 0) out.push(`<p class="note">${unknown} isolation findings do not name the other user.</p>`);
  });
  out.push(more);
  return out.join('\n');
}

function renderLatency(summary: Summary, limits: HtmlReportInput['limits']): string {
  const out = [
    '<h2 id="latency">Latency</h2>',
    '<p class="note">Request → agent_started (engine creation), → first event, → terminal event, and tool durations, in ms.</p>',
  ];
  const { shown, more } = sectionScenarios(summary, limits);
  for (const s of shown) {
    out.push(`<h3>${h(s.name)}</h3>`, renderLatencyChart(s.latency, `Latency percentiles of ${s.name}`));
  }
  out.push(more);
  return out.join('\n');
}

function renderHistories(summary: Summary, max: number): string {
  const all = summary.scenarios.flatMap((s) => s.histories.map((p) => ({ p, name: s.name })));
  const items = all
    .slice(0, max)
    .map(({ p, name }) => `<li><a href="${h(encodeURI(p))}">${h(p)}</a> <span class="note">(${h(name)})</span></li>`);
  const more = all.length > max ? `<p class="note">and ${all.length - max} more in histories/.</p>` : '';
  return `<h2 id="histories">Histories</h2>${items.length > 0 ? `<ul aria-label="History files">${items.join('')}</ul>${more}` : '<p>No histories recorded.</p>'}<p class="note">Re-check one with <code>goldpath check &lt;history&gt;</code>.</p>`;
}
