import type { RunResult, ScenarioSummary } from '../../../contracts/index.ts';

/** Playwright's words for a worker process that died under a test (process.exit, a crash, the OOM killer). */
const WORKER_DIED = /worker process exited unexpectedly[^\n]*/i;

/** What Playwright reported, before goldpath judges it; `maxFailures` is Playwright's (`-x`), 0 when unset. */
export type RunnerReport = Omit<RunResult, 'problems'> & { maxFailures?: number };

/** Playwright's error when `maxFailures` stopped the run: asked for, so not a problem once that many failed. */
const STOPPED_EARLY = /^Testing stopped early after \d+ maximum allowed failures?/;
/** Playwright's error when it listed nothing: a usage error (exit 2) unless another error says why. */
const NO_TESTS = /^(Error: )?No tests found/;

/**
 * Why goldpath could not do its job in a run, one sentence each (empty when it could): errors outside any scenario
 * (a spec file that failed to load), a worker that died, the global timeout, scenarios that never ran, a run where
 * nothing ran, or Playwright calling the run failed while no scenario failed. Each makes the run an infrastructure error.
 * @example runProblems({ playwrightStatus: 'timedout', listed: 3, finished: 1, errors: [] }, scenarios)
 */
export function runProblems(report: RunnerReport, scenarios: readonly ScenarioSummary[]): string[] {
  const problems: string[] = [];
  const failures = scenarios.filter((s) => s.status === 'failed' || s.status === 'timedOut').length;
  const stoppedEarly = (report.maxFailures ?? 0) > 0 && failures >= (report.maxFailures ?? 0);
  for (const error of report.errors) {
    if (stoppedEarly && STOPPED_EARLY.test(error)) continue;
    if (report.listed === 0 && NO_TESTS.test(error)) continue;
    problems.push(`error outside any scenario: ${firstLine(error)}`);
  }
  for (const s of scenarios) {
    const died = s.error === undefined ? null : WORKER_DIED.exec(s.error);
    if (died) problems.push(`the worker process running "${s.name}" died: ${died[0]}`);
  }
  if (report.playwrightStatus === 'timedout')
    problems.push("Playwright's global timeout ended the run before every scenario finished");
  if (report.playwrightStatus === 'interrupted')
    problems.push('the run was interrupted before every scenario finished');
  const notRun = report.listed - report.finished;
  if (notRun > 0 && !stoppedEarly) {
    const first = scenarios.find((s) => s.status === 'interrupted' && s.error?.startsWith(DID_NOT_RUN))?.name;
    problems.push(
      `${notRun} of ${report.listed} listed scenarios did not run${first !== undefined ? ` (first: "${first}")` : ''}`,
    );
  }
  if (report.listed > 0 && notRun === 0 && scenarios.length > 0 && scenarios.every((s) => s.status === 'skipped')) {
    const reason = scenarios.find((s) => s.skipReason !== undefined)?.skipReason;
    problems.push(
      `no scenario ran: all ${scenarios.length} listed were skipped${reason !== undefined ? ` (first: ${reason})` : ''}`,
    );
  }
  if (report.playwrightStatus === 'failed' && report.listed > 0 && failures === 0 && problems.length === 0) {
    problems.push(
      'Playwright reported the run as failed although no scenario failed (see playwright-report/index.html)',
    );
  }
  return problems;
}

/** The error text of a scenario that Playwright listed but never started. */
export const DID_NOT_RUN = 'did not run:';

/** The first non-empty line of a message, trimmed. */
export function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? text
  );
}
