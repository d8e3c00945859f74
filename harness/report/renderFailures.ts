import type { Finding } from '../../contracts/Finding.ts';
import type { ScenarioSummary, Summary } from '../../contracts/Summary.ts';
import { escapeHtml as h } from './escapeHtml.ts';
import { mergeFindings } from './mergeFindings.ts';
import type { Timeline } from './readHistoryTimeline.ts';
import { renderLegend, renderSwimlanes } from './renderSvgCharts.ts';

/** A failing scenario with the swimlane of its first failing run, when one could be read. */
export interface FailureView {
  scenario: ScenarioSummary;
  /** The runs drawn (the first failing run and the run it relates to). */
  runIds?: ReadonlySet<string>;
  timeline?: Timeline;
}

export interface FailureLimits {
  maxFailures: number;
  maxFindingsPerFailure: number;
  maxErrorChars: number;
}

const FAILED = new Set<ScenarioSummary['status']>(['failed', 'timedOut', 'interrupted']);

/** Whether a scenario counts as failed in the report. */
export function isFailing(scenario: ScenarioSummary): boolean {
  return FAILED.has(scenario.status);
}

/**
 * "What failed and why", first on the page: why goldpath could not do its job (when it could not), then each failing
 * scenario with its findings (by code, most serious first, numbered, with examples) beside the swimlane of its first
 * failing run. Bounded.
 */
export function renderFailures(summary: Summary, views: readonly FailureView[], limits: FailureLimits): string {
  const problems = summary.result?.problems ?? [];
  const failing = summary.scenarios.filter(isFailing);
  if (problems.length === 0 && failing.length === 0) return '';
  const out = ['<h2 id="failed">What failed and why</h2>'];
  if (problems.length > 0) {
    out.push(
      `<section class="problems" aria-label="Why goldpath could not do its job"><h3>goldpath could not do its job</h3><ul>${problems.map((p) => `<li>${h(p)}</li>`).join('')}</ul><p class="note">These are about the run, not findings about the backend.</p></section>`,
    );
  }
  for (const view of views.slice(0, limits.maxFailures)) out.push(renderFailure(view, limits));
  if (failing.length > limits.maxFailures)
    out.push(
      `<p class="note">${failing.length - limits.maxFailures} more failing scenarios are in the table below.</p>`,
    );
  return out.join('\n');
}

function renderFailure(view: FailureView, limits: FailureLimits): string {
  const s = view.scenario;
  const name = s.project ? `${s.project} › ${s.name}` : s.name;
  const errors = s.findings.filter((f) => f.severity === 'error');
  const groups = groupByCode(errors.length > 0 ? errors : s.findings);
  const total = Object.values(s.findingsByCode).reduce((a, b) => a + b, 0);
  const facts = [
    `${total} finding${total === 1 ? '' : 's'}`,
    `${s.runs} runs (${s.runsCompleted} completed)`,
    `${s.users} users`,
    s.file,
  ].filter((x) => x !== undefined);
  const why =
    groups.length > 0
      ? `<ol class="findings" aria-label="Findings of ${h(s.name)}">${groups
          .slice(0, limits.maxFindingsPerFailure)
          .map((g, i) => renderGroup(g, s.findingsByCode[g.code] ?? g.findings.length, i, groups.length))
          .join(
            '',
          )}</ol>${groups.length > limits.maxFindingsPerFailure ? `<p class="note">and ${groups.length - limits.maxFindingsPerFailure} more finding codes (see Findings below).</p>` : ''}`
      : `<pre class="error" aria-label="Error of ${h(s.name)}">${h(clip(s.error ?? 'no error message was recorded', limits.maxErrorChars))}</pre>`;
  return `<section class="failure" aria-label="Failure of ${h(s.name)}"><div class="why"><h3><span class="status-${h(s.status)}">${h(s.status)}</span> ${h(name)}</h3><p class="note">${h(facts.join(' · '))}</p>${why}</div>${renderLane(view)}</section>`;
}

/** Most serious first: a leak to another user, then a broken contract or order, then what is missing, then the rest. */
const GROUP_RANK = ['isolation', 'contract', 'order', 'completeness', 'infra', 'latency', 'resources'];
const EXAMPLES = 2;

function groupByCode(findings: readonly Finding[]): { code: string; findings: Finding[] }[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) groups.set(f.code, [...(groups.get(f.code) ?? []), f]);
  const rank = (code: string): number => {
    const i = GROUP_RANK.indexOf(code.split('.')[0] ?? '');
    return i === -1 ? GROUP_RANK.length : i;
  };
  return [...groups]
    .map(([code, list]) => ({ code, findings: list }))
    .sort((a, b) => rank(a.code) - rank(b.code) || b.findings.length - a.findings.length);
}

/** One finding code: its count, then the first distinct messages as examples, each with where it was seen. */
function renderGroup(group: { code: string; findings: Finding[] }, count: number, i: number, n: number): string {
  const examples = mergeFindings(group.findings);
  const shown = examples.slice(0, EXAMPLES).map(({ finding, count: same }) => {
    const where = [
      finding.user && `user ${finding.user}`,
      finding.runId && `run ${finding.runId}`,
      finding.frameIndex !== undefined && `frame ${finding.frameIndex}`,
    ]
      .filter(Boolean)
      .join(' › ');
    return `<p class="example">${where ? `<span class="note">${h(where)}${same > 1 ? ` (×${same})` : ''}</span><br>` : ''}${h(finding.message)}</p>`;
  });
  const rest = count - examples.slice(0, EXAMPLES).reduce((a, e) => a + e.count, 0);
  return `<li><span class="note">[${i + 1}/${n}]</span> <code>${h(group.code)}</code> ×${count}${shown.join('')}${rest > 0 ? `<p class="note">and ${rest} more like ${rest === 1 ? 'it' : 'them'}</p>` : ''}</li>`;
}

function renderLane(view: FailureView): string {
  const runs = view.runIds ? [...view.runIds] : [];
  if (!view.timeline || runs.length === 0)
    return `<figure class="lane"><p class="note">No run to draw: ${runs.length === 0 ? 'no finding names a run' : 'no history was recorded'}.</p></figure>`;
  const t = view.timeline;
  if (t.error) return `<figure class="lane"><p class="note">${h(t.error)}</p></figure>`;
  const label = `First failing run of ${view.scenario.name}: ${runs.join(' and ')}`;
  const note =
    t.lanes.length === 0
      ? ''
      : `<figcaption class="note">Run ${h(runs.join(' and '))} on every socket it reached, from ${h(t.path)}${t.truncated.length > 0 ? ` (partial: ${h(t.truncated.join('; '))})` : ''}.</figcaption>`;
  return `<figure class="lane">${renderSwimlanes(t, label, { width: 600, labelWidth: 270 })}${note}${renderLegend()}</figure>`;
}

function clip(text: string, max: number): string {
  const lines = text.split('\n').slice(0, 14).join('\n');
  return lines.length > max ? `${lines.slice(0, max)}…` : lines;
}
