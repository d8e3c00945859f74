import type { Finding } from '../../contracts/Finding.ts';
import type { ScenarioSummary } from '../../contracts/Summary.ts';

/**
 * The first run of a scenario that has a finding (lowest frame index among the error findings naming a run), with
 * the run it is related to (a leak's source), for the swimlane beside the findings. Undefined when none names a run.
 */
export function firstFailingRun(scenario: ScenarioSummary): { finding: Finding; runIds: Set<string> } | undefined {
  const withRun = scenario.findings.filter((f) => f.runId !== undefined && f.severity === 'error');
  if (withRun.length === 0) return undefined;
  const finding = withRun.reduce((a, b) => ((b.frameIndex ?? Infinity) < (a.frameIndex ?? Infinity) ? b : a));
  const runIds = new Set([finding.runId as string]);
  if (finding.related?.runId !== undefined) runIds.add(finding.related.runId);
  return { finding, runIds };
}
