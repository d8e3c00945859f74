import type { MigrationTimeline, TimelineEntry } from '../../contracts/MigrationTimeline.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { REPORT_CSS } from './renderHtmlReport.ts';
import { renderImportGateHtml } from './renderImportGateHtml.ts';

const COLOR: Record<TimelineEntry['status'], string> = {
  RECORDED: '#334155',
  PASS: '#15803d',
  REGRESSED: '#b45309',
  BROKEN: '#991b1b',
  INCOMPLETE: '#a16207',
  ERROR: '#6b21a8',
  NOT_RUN: '#94a3b8',
};

/** migration.html: one self-contained page with the step timeline (SVG), the stop and rollback point, and each step's reasons. */
export function renderMigrationHtml(t: MigrationTimeline): string {
  const points = [t.baseline, ...t.steps];
  const w = 180;
  const svgW = points.length * w + 20;
  const nodes = points.map((p, i) => {
    const cx = 20 + i * w + 60;
    const line =
      i < points.length - 1
        ? `<line x1="${cx}" x2="${cx + w}" y1="40" y2="40" stroke="#cbd5e1" stroke-width="4"/>`
        : '';
    return `${line}<g class="point" data-status="${p.status}"><circle cx="${cx}" cy="40" r="16" fill="${COLOR[p.status]}"><title>${h(`${p.title}: ${p.status}`)}</title></circle><text x="${cx}" y="80" font-size="12" text-anchor="middle" font-weight="bold">${h(p.name)}</text><text x="${cx}" y="96" font-size="11" text-anchor="middle">${h(p.status)}</text></g>`;
  });
  const svg = `<svg role="img" aria-label="Migration timeline of ${h(t.plan)}" viewBox="0 0 ${svgW} 110" width="${svgW}" style="max-width:100%;height:auto" xmlns="http://www.w3.org/2000/svg"><title>Migration timeline of ${h(t.plan)}</title>${nodes.join('')}</svg>`;
  const banner =
    t.status === 'COMPLETED'
      ? 'pass'
      : t.status === 'STOPPED'
        ? t.steps.some((s) => s.status === 'BROKEN')
          ? 'broken'
          : 'regressed'
        : 'neutral';
  const rows = points
    .map((p, i) => {
      const report = p.reports[p.reports.length - 1];
      return `<tr><td>${i === 0 ? 'baseline' : i}</td><th scope="row">${h(p.title)}${p.description ? `<div class="note">${h(p.description)}</div>` : ''}</th><td><code>${h(p.state)}</code></td><td style="color:${COLOR[p.status]};font-weight:700">${p.status}</td><td class="num">${p.verdict ? p.verdict.reasons.length : ''}</td><td>${p.imports ? h(p.imports.status) : ''}</td><td class="num">${p.durationMs !== undefined ? `${(p.durationMs / 1000).toFixed(1)} s` : ''}</td><td>${report ? `<a href="${h(encodeURI(`${report}/index.html`))}">${h(report)}</a>` : ''}</td></tr>`;
    })
    .join('');
  const details = t.steps
    .filter((s) => s.verdict && (s.verdict.reasons.length > 0 || s.error))
    .map(
      (s) =>
        `<h3>${h(s.title)}: ${s.status}</h3><ol aria-label="Reasons of ${h(s.name)}">${(s.verdict?.reasons ?? []).map((r) => `<li><strong>${h(r.kind)}</strong> ${h(r.message)}</li>`).join('')}</ol>`,
    )
    .join('');
  const gates = points
    .filter((p) => p.imports)
    .map((p) => renderImportGateHtml(p.title, p.name, p.imports!))
    .join('');
  const errors = points
    .filter((p) => p.error)
    .map((p) => `<li>${h(p.title)}: ${h(p.error ?? '')}</li>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>goldpath migrate ${h(t.plan)}</title><style>${REPORT_CSS}</style></head><body>
<section class="banner ${banner}" role="status" aria-label="Migration result"><p class="verdict">${t.status}</p><p>${h(t.message)}</p></section>
<main><h1>Migration ${h(t.plan)}</h1>${t.description ? `<p class="note">${h(t.description)}</p>` : ''}
<p class="note">Started ${h(t.startedAt)} · ${(t.durationMs / 1000).toFixed(1)} s${t.baselineFile ? ` · baseline <code>${h(t.baselineFile)}</code>` : ''}</p>
<h2>Timeline</h2>${svg}
<table><caption>Steps of ${h(t.plan)}</caption><thead><tr><th scope="col">#</th><th scope="col">point</th><th scope="col">state</th><th scope="col">status</th><th scope="col">reasons</th><th scope="col">imports</th><th scope="col">duration</th><th scope="col">report</th></tr></thead><tbody>${rows}</tbody></table>
${details ? `<h2>Why it stopped</h2>${details}` : ''}${gates ? `<h2>Code: import census per step</h2>${gates}` : ''}${errors ? `<h2>Errors</h2><ul>${errors}</ul>` : ''}
${t.baseline.noise ? `<h2>Baseline noise</h2><pre>${h(t.baseline.noise)}</pre>` : ''}
</main></body></html>
`;
}
