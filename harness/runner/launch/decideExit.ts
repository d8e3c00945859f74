import type { Summary } from '../../../contracts/index.ts';
import { ExitCode } from '../../common/exitCodes.ts';

/** How the Playwright process ended. */
export interface ChildEnd {
  /** Its exit code; null when it was killed. */
  code: number | null;
  /** goldpath's hard ceiling (the budget plus a grace) had to kill it. */
  timedOut: boolean;
}

export interface ExitDecision {
  exitCode: 0 | 1 | 2 | 3;
  /** One line saying why: printed last by `goldpath run`. */
  reason: string;
}

/**
 * The exit code of a run and the line that explains it, from how Playwright ended and the summary it wrote:
 * 3 when goldpath could not do its job (killed, no summary, no run result, any run problem, Playwright's exit code
 * disagreeing with a passing summary), 2 for a usage error or when nothing matched, 1 for failed scenarios, else 0;
 * a run stopped by its budget is 1 when findings came before the stop, else 3.
 * @example decideExit({ summary, child: { code: 1, timedOut: false }, outDir }).exitCode
 */
export function decideExit(input: {
  summary: Summary | undefined;
  child: ChildEnd;
  outDir: string;
  ceilingMs?: number;
  scenario?: string;
}): ExitDecision {
  const { summary, child } = input;
  const where = `reports in ${input.outDir}`;
  const infra = (why: string): ExitDecision => ({
    exitCode: ExitCode.Infrastructure,
    reason: `infrastructure error: ${why}; ${where}`,
  });
  if (child.timedOut)
    return infra(
      `the suite did not stop within ${input.ceilingMs ?? '?'} ms although its budget ran out, and was killed`,
    );
  if (!summary) return infra(`Playwright ${ended(child)} without writing summary.json`);
  if (summary.status === 'interrupted') return stopped(summary, where);
  const failureOf = (kind: 'usage' | 'infrastructure'): string | undefined => {
    const failure = summary.scenarios.find((s) => s.failure?.kind === kind)?.failure;
    return failure && `${failure.message} [${failure.code}]`;
  };
  const usage = failureOf('usage');
  if (usage !== undefined) return { exitCode: ExitCode.Usage, reason: `usage error: ${usage}` };
  const result = summary.result;
  if (!result) return infra('summary.json carries no run result, so whether every scenario ran is unknown');
  if (result.problems.length > 0) {
    const more = result.problems.length > 1 ? ` (+${result.problems.length - 1} more in summary.json)` : '';
    return infra(`${result.problems[0]}${more}`);
  }
  if (summary.status === 'infrastructure_error')
    return infra(failureOf('infrastructure') ?? 'the target could not be reached');
  if (result.listed === 0) {
    return {
      exitCode: ExitCode.Usage,
      reason: `no scenario matched${input.scenario ? ` --scenario ${input.scenario}` : ''}: list them with \`npx playwright test --list\``,
    };
  }
  if (summary.status === 'passed' && child.code !== 0)
    return infra(`Playwright ${ended(child)} although every scenario passed`);
  if (summary.status === 'failed') {
    const codes = Object.entries(summary.findingsByCode)
      .sort((a, b) => b[1] - a[1])
      .map(([code, n]) => `${code} ×${n}`)
      .join(', ');
    const notRun = result.listed - result.finished;
    const stopped = notRun > 0 ? `, then the run stopped early: ${notRun} did not run` : '';
    const failed = summary.totals.failed - notRun;
    if (onlyInfrastructureFindings(summary))
      return infra(
        `${failed} of ${summary.totals.scenarios} scenarios could not be checked, with infrastructure findings only (${codes}): no finding is the backend's`,
      );
    return {
      exitCode: ExitCode.Findings,
      reason: `${failed} of ${summary.totals.scenarios} scenarios failed${codes ? ` (${codes})` : ''}${stopped}; ${where}`,
    };
  }
  return {
    exitCode: ExitCode.Pass,
    reason: `passed: ${summary.totals.passed} of ${summary.totals.scenarios} scenarios; ${where}`,
  };
}

/**
 * Every failed scenario failed with findings, and every finding is goldpath's own (`infra.*`: it could not connect,
 * keep up or keep the socket): nothing was found wrong with the backend, so the run could not do its job (exit 3).
 */
function onlyInfrastructureFindings(summary: Summary): boolean {
  const failed = summary.scenarios.filter((s) => s.status === 'failed' || s.status === 'timedOut');
  const codes = Object.keys(summary.findingsByCode);
  return (
    failed.length > 0 &&
    codes.length > 0 &&
    codes.every((code) => code.startsWith('infra.')) &&
    failed.every((s) => Object.keys(s.findingsByCode).length > 0)
  );
}

function ended(child: ChildEnd): string {
  return child.code === null ? 'was killed' : `exited with code ${child.code}`;
}

/** A run stopped before its end (its time budget, a signal): what failed before the stop is a finding, else exit 3. */
function stopped(summary: Summary, where: string): ExitDecision {
  const budget =
    typeof summary.environment.maxDurationMs === 'number'
      ? ` of ${Math.round(summary.environment.maxDurationMs / 1000)} s`
      : '';
  const why =
    summary.stoppedBy === 'budget'
      ? `the suite ran out of its time budget${budget} (--max-duration)`
      : `the suite was stopped (${summary.stoppedBy ?? 'interrupted'})`;
  const finished = summary.scenarios.filter((s) => s.status !== 'interrupted' && s.status !== 'skipped').length;
  const failed = summary.scenarios.filter((s) => s.status === 'failed' || s.status === 'timedOut').length;
  const interrupted = summary.scenarios.filter((s) => s.status === 'interrupted').length;
  const findings = summary.scenarios.some((s) => s.status === 'failed' && Object.keys(s.findingsByCode).length > 0);
  return {
    exitCode: findings ? ExitCode.Findings : ExitCode.Infrastructure,
    reason: `${why} after ${finished} of ${summary.totals.scenarios} scenarios (${failed} failed, ${interrupted} interrupted); ${where}`,
  };
}
