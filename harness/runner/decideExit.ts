import type { Summary } from '../../contracts/index.ts';
import { ExitCode } from '../common/exitCodes.ts';
import { INFRA_MARKER } from './asInfrastructureFailure.ts';
import { firstLine } from './runProblems.ts';
import { USAGE_MARKER } from './usageMarker.ts';

/** How the Playwright process ended. */
export interface ChildEnd {
  code: number | null;
  signal?: NodeJS.Signals | null;
  /** goldpath's own ceiling (runSuite's timeoutMs) stopped it. */
  timedOut: boolean;
}

export interface ExitDecision {
  exitCode: 0 | 1 | 2 | 3;
  /** One line saying why: printed last by `goldpath run`. */
  reason: string;
}

/**
 * The exit code of a run and the line that explains it, from how Playwright ended and the summary it wrote:
 * 3 when goldpath could not do its job (stopped, no summary, no run result, any run problem, Playwright's exit code
 * disagreeing with a passing summary), 2 for a usage error or when nothing matched, 1 for failed scenarios, else 0.
 * @example decideExit({ summary, child: { code: 1, timedOut: false }, timeoutMs: 900_000, outDir }).exitCode
 */
export function decideExit(input: { summary: Summary | undefined; child: ChildEnd; timeoutMs: number; outDir: string; scenario?: string }): ExitDecision {
  const { summary, child } = input;
  const where = `reports in ${input.outDir}`;
  const infra = (why: string): ExitDecision => ({ exitCode: ExitCode.Infrastructure, reason: `infrastructure error: ${why}; ${where}` });
  if (child.timedOut) return infra(`the suite did not finish within ${input.timeoutMs} ms and was stopped`);
  if (!summary) return infra(`Playwright ${ended(child)} without writing summary.json`);
  const usage = summary.scenarios.find((s) => s.error?.includes(USAGE_MARKER))?.error;
  if (usage !== undefined) return { exitCode: ExitCode.Usage, reason: `usage error: ${firstLine(usage.replace(USAGE_MARKER, ''))}` };
  const result = summary.result;
  if (!result) return infra('summary.json carries no run result, so whether every scenario ran is unknown');
  if (result.problems.length > 0) {
    const more = result.problems.length > 1 ? ` (+${result.problems.length - 1} more in summary.json)` : '';
    return infra(`${result.problems[0]}${more}`);
  }
  if (summary.status === 'infrastructure_error') {
    const first = summary.scenarios.find((s) => s.error?.includes(INFRA_MARKER))?.error;
    return infra(first !== undefined ? firstLine(first) : 'the target could not be reached');
  }
  if (result.listed === 0) {
    return { exitCode: ExitCode.Usage, reason: `no scenario matched${input.scenario ? ` --scenario ${input.scenario}` : ''}: list them with \`npx playwright test --list\`` };
  }
  if (summary.status === 'passed' && child.code !== 0) return infra(`Playwright ${ended(child)} although every scenario passed`);
  if (summary.status === 'failed') {
    const codes = Object.entries(summary.findingsByCode).sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ×${n}`).join(', ');
    const notRun = result.listed - result.finished;
    const stopped = notRun > 0 ? `, then the run stopped early: ${notRun} did not run` : '';
    const failed = summary.totals.failed - notRun;
    return { exitCode: ExitCode.Findings, reason: `${failed} of ${summary.totals.scenarios} scenarios failed${codes ? ` (${codes})` : ''}${stopped}; ${where}` };
  }
  return { exitCode: ExitCode.Pass, reason: `passed: ${summary.totals.passed} of ${summary.totals.scenarios} scenarios; ${where}` };
}

function ended(child: ChildEnd): string {
  return child.signal ? `was killed by ${child.signal}` : `exited with code ${child.code}`;
}
