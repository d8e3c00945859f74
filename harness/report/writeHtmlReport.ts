import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Summary } from '../../contracts/Summary.ts';
import type { Verdict } from '../baseline/Verdict.ts';
import { DEFAULT_TIMELINE_LIMITS, readHistoryTimeline, type Timeline } from './readHistoryTimeline.ts';
import { renderHtmlReport, type HtmlReportInput } from './renderHtmlReport.ts';

const LIMITS: HtmlReportInput['limits'] = { ...DEFAULT_TIMELINE_LIMITS, maxHistoriesPerScenario: 2, maxMatrixUsers: 12, maxFindings: 200 };

/**
 * Writes `<outDir>/index.html`: one self-contained page with the verdict, scenarios, findings, swimlanes read
 * from the histories (bounded), isolation matrices, latency bars, the baseline diff and links to the histories.
 * @example await writeHtmlReport(summary, 'reports/run-1', { verdict })
 */
export async function writeHtmlReport(summary: Summary, outDir: string, options: { verdict?: Verdict } = {}): Promise<string> {
  const timelines: Timeline[][] = [];
  for (const scenario of summary.scenarios) {
    const picked = scenario.histories.slice(0, LIMITS.maxHistoriesPerScenario);
    timelines.push(await Promise.all(picked.map((p) => readHistoryTimeline(join(outDir, p), p, LIMITS))));
  }
  const input: HtmlReportInput = { summary, timelines, limits: LIMITS };
  if (options.verdict) input.verdict = options.verdict;
  const file = join(outDir, 'index.html');
  await writeFile(file, renderHtmlReport(input), 'utf8');
  return file;
}
