import type { Finding, ScenarioSummary } from '../../contracts/index.ts';
import type { CheckResult } from '../checks/CheckOptions.ts';

/** At most this many findings are kept per scenario in the summary (`findingsByCode` keeps the full counts). */
export const MAX_FINDINGS_PER_SCENARIO = 200;

/**
 * The per-scenario part of summary.json from one test's check result. Status and duration are provisional:
 * the reporter replaces them with Playwright's verdict.
 */
export function scenarioSummaryOf(
  check: CheckResult,
  meta: { name: string; file?: string; project?: string; histories: string[]; durationMs: number; error?: string },
): ScenarioSummary {
  const findingsByCode: Record<string, number> = {};
  for (const f of check.findings) findingsByCode[f.code] = (findingsByCode[f.code] ?? 0) + 1;
  const hasErrors = check.findings.some((f: Finding) => f.severity === 'error');
  return {
    name: meta.name,
    ...(meta.file !== undefined && { file: meta.file }),
    ...(meta.project !== undefined && { project: meta.project }),
    status: hasErrors || meta.error !== undefined ? 'failed' : 'passed',
    durationMs: Math.max(0, meta.durationMs),
    users: check.stats.users,
    requests: check.stats.requests,
    runs: check.stats.runs,
    runsCompleted: check.stats.runsCompleted,
    events: check.stats.events,
    frames: check.stats.frames,
    findingsByCode,
    findings: check.findings.slice(0, MAX_FINDINGS_PER_SCENARIO),
    latency: check.latency,
    shapes: check.shapes,
    ...(check.metricsDelta !== undefined && { metricsDelta: check.metricsDelta }),
    ...(check.notChecked !== undefined && check.notChecked.length > 0 && { notChecked: check.notChecked }),
    histories: meta.histories,
    ...(check.harnessLoad !== undefined && { harnessLoad: check.harnessLoad }),
    ...(meta.error !== undefined && { error: meta.error }),
  };
}
