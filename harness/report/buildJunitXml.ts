import junit, { type Builder } from 'junit-report-builder';
import type { ScenarioSummary, Summary } from '../../contracts/Summary.ts';
import type { Verdict } from '../../contracts/Verdict.ts';
import { scenarioNotes } from './scenarioNotes.ts';

const FAILED = new Set(['failed', 'timedOut', 'interrupted']);

/**
 * junit.xml: one testsuite per scenario project, one testcase per scenario. A failed scenario carries its findings
 * (numbered, with codes) in the failure; the history paths go to system-out. A verdict adds a "baseline" suite, and
 * a run that could not do its job (summary.result.problems) a "goldpath" suite whose one testcase is in error.
 */
export function buildJunitXml(summary: Summary, verdict?: Verdict): string {
  // The package's types describe an ES default export, but at runtime module.exports is the builder itself.
  const root = junit as unknown as Builder & { default?: Builder };
  const builder = (typeof root.newBuilder === 'function' ? root : root.default!).newBuilder();
  const skipMessages: string[] = [];
  const byProject = new Map<string, ScenarioSummary[]>();
  for (const s of summary.scenarios) {
    const project = s.project ?? 'goldpath';
    byProject.set(project, [...(byProject.get(project) ?? []), s]);
  }
  for (const [project, scenarios] of byProject) {
    const suite = builder
      .testSuite()
      .name(project)
      .timestamp(summary.startedAt)
      .property('runId', summary.runId)
      .property('contractVersion', summary.contractVersion);
    for (const s of scenarios) {
      const test = suite
        .testCase()
        .className(s.file ?? project)
        .name(s.name)
        .time(s.durationMs / 1000);
      if (s.file) test.file(s.file);
      const notes = scenarioNotes(s);
      if (s.status === 'skipped') {
        test.skipped();
        skipMessages.push(notes[0] ?? 'skipped');
      }
      if (notes.length > 0) test.property('goldpath.notes', notes.join('; '));
      else if (FAILED.has(s.status)) {
        const codes = Object.entries(s.findingsByCode)
          .filter(([, n]) => n > 0)
          .map(([code, n]) => `${code} ×${n}`);
        const message =
          codes.length > 0 ? `${s.status}: ${codes.join(', ')}` : `${s.status}${s.error ? `: ${s.error}` : ''}`;
        test.failure(message, codes[0]?.split(' ')[0] ?? s.status).stacktrace(findingsText(s));
      }
      const out = [
        ...notes,
        `users ${s.users}, requests ${s.requests}, runs ${s.runs} (${s.runsCompleted} completed), events ${s.events}`,
        ...s.histories.map((h) => `history: ${h}`),
      ];
      test.standardOutput(out.join('\n'));
    }
  }
  const problems = summary.result?.problems ?? [];
  if (problems.length > 0) {
    // a run that could not do its job must not read as green to a CI that only counts testcases
    const test = builder
      .testSuite()
      .name('goldpath')
      .property('playwrightStatus', summary.result?.playwrightStatus ?? '')
      .testCase()
      .className('goldpath')
      .name('the run itself');
    test.error(
      `goldpath could not do its job: ${problems[0]}${problems.length > 1 ? ` (+${problems.length - 1} more)` : ''}`,
      'infrastructure',
      problems.map((p, i) => `[${i + 1}/${problems.length}] ${p}`).join('\n'),
    );
  }
  if (verdict) {
    const suite = builder.testSuite().name('baseline').property('verdict', verdict.status);
    const test = suite
      .testCase()
      .className('baseline')
      .name(verdict.step ? `verdict of step ${verdict.step}` : 'verdict against the baseline');
    if (verdict.status !== 'PASS')
      test
        .failure(
          `${verdict.status}: ${verdict.reasons.length} reason${verdict.reasons.length === 1 ? '' : 's'}`,
          verdict.status,
        )
        .stacktrace(
          verdict.reasons.map((r, i) => `[${i + 1}/${verdict.reasons.length}] ${r.kind}: ${r.message}`).join('\n'),
        );
    test.standardOutput(
      [...verdict.improvements.map((r) => `improvement: ${r.message}`), ...verdict.notes.map((n) => `note: ${n}`)].join(
        '\n',
      ),
    );
  }
  // the builder writes a bare <skipped/>: give each its reason, in the order the cases were added
  let i = 0;
  return builder
    .build()
    .replace(/<skipped\/>/g, () => `<skipped message="${xmlAttribute(skipMessages[i++] ?? 'skipped')}"/>`);
}

function xmlAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}

function findingsText(s: ScenarioSummary): string {
  if (s.findings.length === 0) return s.error ?? `scenario ${s.status}`;
  const lines = s.findings.map((f, i) => `[${i + 1}/${s.findings.length}] ${f.code}: ${f.message}`);
  if (s.error) lines.unshift(s.error);
  return lines.join('\n');
}
