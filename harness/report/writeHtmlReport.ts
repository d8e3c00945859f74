import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Summary } from '../../contracts/Summary.ts';
import type { Verdict } from '../../contracts/Verdict.ts';
import { DEFAULT_TIMELINE_LIMITS, readHistoryTimeline, type Timeline } from './readHistoryTimeline.ts';
import { firstFailingRun } from './firstFailingRun.ts';
import { isFailing, type FailureView } from './renderFailures.ts';
import { renderHtmlReport, type HtmlReportInput } from './renderHtmlReport.ts';

const LIMITS: HtmlReportInput['limits'] = {
  ...DEFAULT_TIMELINE_LIMITS,
  maxHistoriesPerScenario: 2,
  maxMatrixUsers: 12,
  maxFindings: 200,
  maxScenarioSections: 40,
  maxHistoryLinks: 200,
  maxFailures: 10,
  maxFindingsPerFailure: 6,
  maxErrorChars: 1500,
  shapes: { top: 5, folded: 25, shapeChars: 160 },
};

/**
 * Writes `<outDir>/index.html`: one self-contained page that opens with what failed and why (each failing scenario's
 * findings beside the swimlane of its first failing run), then the verdict, scenarios, ranked run shapes, findings, swimlanes read
 * from the histories (bounded), isolation matrices, latency bars, the baseline diff and links to the histories.
 * @example await writeHtmlReport(summary, 'reports/run-1', { verdict })
 */
export async function writeHtmlReport(
  summary: Summary,
  outDir: string,
  options: { verdict?: Verdict } = {},
): Promise<string> {
  const timelines: Timeline[][] = [];
  for (const scenario of summary.scenarios.slice(0, LIMITS.maxScenarioSections)) {
    const picked = scenario.histories.slice(0, LIMITS.maxHistoriesPerScenario);
    timelines.push(await Promise.all(picked.map((p) => readHistoryTimeline(join(outDir, p), p, LIMITS))));
  }
  const failures: FailureView[] = [];
  for (const scenario of summary.scenarios.filter(isFailing).slice(0, LIMITS.maxFailures)) {
    const focus = firstFailingRun(scenario);
    const view: FailureView = { scenario };
    if (focus) {
      view.runIds = focus.runIds;
      // the run is in one of the scenario's histories (several with --repeat-each): the first few are searched
      for (const history of scenario.histories.slice(0, LIMITS.maxHistoriesPerScenario + 1)) {
        view.timeline = await readHistoryTimeline(join(outDir, history), history, LIMITS, focus.runIds);
        if (view.timeline.lanes.length > 0) break;
      }
    }
    failures.push(view);
  }
  const input: HtmlReportInput = { summary, timelines, failures, limits: LIMITS };
  if (options.verdict) input.verdict = options.verdict;
  const file = join(outDir, 'index.html');
  await writeFile(file, renderHtmlReport(input), 'utf8');
  return file;
}
