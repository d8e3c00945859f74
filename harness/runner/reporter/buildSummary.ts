import {
  CONTRACT_VERSION,
  SUMMARY_FORMAT,
  SUMMARY_VERSION,
  type ScenarioSummary,
  type Summary,
} from '../../../contracts/index.ts';

/**
 * Assembles summary.json from per-scenario summaries: totals, merged finding counts and the run status.
 * @example buildSummary({ runId, startedAt, finishedAt, target: { kind: 'embedded' }, environment: {}, scenarios, infrastructureError: false })
 */
export function buildSummary(input: {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  goldpathVersion: string;
  target: Summary['target'];
  environment: Summary['environment'];
  result?: Summary['result'];
  scenarios: ScenarioSummary[];
  infrastructureError: boolean;
  /** The run was stopped before its end: its status is `interrupted`, whatever ran before. */
  stoppedBy?: Summary['stoppedBy'];
}): Summary {
  const findingsByCode: Record<string, number> = {};
  for (const s of input.scenarios) {
    for (const [code, n] of Object.entries(s.findingsByCode)) findingsByCode[code] = (findingsByCode[code] ?? 0) + n;
  }
  const passed = input.scenarios.filter((s) => s.status === 'passed' || s.status === 'flaky').length;
  const failed = input.scenarios.filter(
    (s) => s.status === 'failed' || s.status === 'timedOut' || s.status === 'interrupted',
  ).length;
  const status: Summary['status'] =
    input.stoppedBy !== undefined
      ? 'interrupted'
      : input.infrastructureError
        ? 'infrastructure_error'
        : failed > 0
          ? 'failed'
          : 'passed';
  return {
    format: SUMMARY_FORMAT,
    version: SUMMARY_VERSION,
    runId: input.runId,
    startedAt: input.startedAt.toISOString(),
    finishedAt: input.finishedAt.toISOString(),
    durationMs: Math.max(0, input.finishedAt.getTime() - input.startedAt.getTime()),
    goldpathVersion: input.goldpathVersion,
    contractVersion: CONTRACT_VERSION,
    target: input.target,
    environment: input.environment,
    ...(input.result !== undefined && { result: input.result }),
    scenarios: input.scenarios,
    totals: {
      scenarios: input.scenarios.length,
      passed,
      failed,
      skipped: input.scenarios.filter((s) => s.status === 'skipped').length,
      runs: input.scenarios.reduce((t, s) => t + s.runs, 0),
      events: input.scenarios.reduce((t, s) => t + s.events, 0),
      findings: Object.values(findingsByCode).reduce((t, n) => t + n, 0),
    },
    findingsByCode,
    status,
    ...(input.stoppedBy !== undefined && { stoppedBy: input.stoppedBy }),
  };
}
