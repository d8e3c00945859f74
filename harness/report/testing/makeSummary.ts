import { buildFinding } from '../../../contracts/buildFinding.ts';
import type { Finding } from '../../../contracts/Finding.ts';
import type { Percentiles, ScenarioSummary, Summary } from '../../../contracts/Summary.ts';

/** Percentiles around one typical value, for hand-made summaries in tests. */
export function percentiles(p50: number, overrides: Partial<Percentiles> = {}): Percentiles {
  return {
    count: 20,
    min: p50 * 0.5,
    p50,
    p95: p50 * 1.5,
    p99: p50 * 1.8,
    max: p50 * 2,
    mean: p50 * 1.1,
    ...overrides,
  };
}

export const GOLDEN_SHAPE = 'S T X:search C:search T D';

/** A clean scenario: every run has the golden shape, no findings, engines back to zero. */
export function makeScenario(overrides: Partial<ScenarioSummary> = {}): ScenarioSummary {
  return {
    name: 'golden path',
    status: 'passed',
    durationMs: 1200,
    users: 4,
    requests: 20,
    runs: 20,
    runsCompleted: 20,
    events: 120,
    frames: 150,
    findingsByCode: {},
    findings: [],
    latency: {
      engine_creation: percentiles(10),
      first_event: percentiles(12),
      terminal: percentiles(80),
      tool: percentiles(20),
    },
    shapes: { [GOLDEN_SHAPE]: 20 },
    metricsDelta: { active_engines_count: 0, total_engines_created: 20, user_limit_rejections: 0 },
    histories: ['histories/golden-path.jsonl'],
    ...overrides,
  };
}

/** A summary around the given scenarios; totals and status follow from them. */
export function makeSummary(
  scenarios: ScenarioSummary[] = [makeScenario()],
  overrides: Partial<Summary> = {},
): Summary {
  const findingsByCode: Record<string, number> = {};
  for (const s of scenarios)
    for (const [code, n] of Object.entries(s.findingsByCode)) findingsByCode[code] = (findingsByCode[code] ?? 0) + n;
  const failed = scenarios.filter((s) => s.status === 'failed' || s.status === 'timedOut').length;
  return {
    format: 'goldpath.summary',
    version: 1,
    runId: 'run-1',
    startedAt: '2026-11-23T10:00:00.000Z',
    finishedAt: '2026-11-23T10:00:05.000Z',
    durationMs: 5000,
    goldpathVersion: '0.1.0',
    contractVersion: '1.0.0',
    target: { kind: 'embedded', label: 'reference (canonical)' },
    environment: { node: 'v20.20.2', cpus: 2 },
    scenarios,
    totals: {
      scenarios: scenarios.length,
      passed: scenarios.filter((s) => s.status === 'passed').length,
      failed,
      runs: scenarios.reduce((a, s) => a + s.runs, 0),
      events: scenarios.reduce((a, s) => a + s.events, 0),
      findings: Object.values(findingsByCode).reduce((a, b) => a + b, 0),
    },
    findingsByCode,
    status: failed > 0 ? 'failed' : 'passed',
    ...overrides,
  };
}

/** A finding in the house format. */
export function makeFinding(code: Finding['code'], overrides: Partial<Finding> = {}): Finding {
  return {
    ...buildFinding({
      code,
      what: code,
      subject: { runId: 'r-1', user: 'u-1', frameIndex: 7 },
      expected: 'nothing',
      received: 'something',
    }),
    ...overrides,
  };
}
