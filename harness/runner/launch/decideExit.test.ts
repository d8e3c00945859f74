import { describe, expect, it } from 'vitest';
import type { RunResult, ScenarioSummary, Summary } from '../../../contracts/index.ts';
import { makeScenario, makeSummary } from '../../report/testing/makeSummary.ts';
import { decideExit, type ChildEnd } from './decideExit.ts';
import { runProblems } from '../reporter/runProblems.ts';

const ok: ChildEnd = { code: 0, timedOut: false };
const result = (overrides: Partial<RunResult> = {}): RunResult => ({
  playwrightStatus: 'passed',
  listed: 1,
  finished: 1,
  errors: [],
  problems: [],
  ...overrides,
});
const decide = (summary: Summary | undefined, child = ok) =>
  decideExit({ summary, child, ceilingMs: 60_000, outDir: 'reports/r' });

describe('decideExit', () => {
  it('passes a summary whose scenarios passed, whose run had no problem and whose Playwright exited 0', () => {
    expect(decide(makeSummary([makeScenario()], { result: result() }))).toEqual({
      exitCode: 0,
      reason: 'passed: 1 of 1 scenarios; reports in reports/r',
    });
  });

  it('exits 3 when Playwright exited non-zero though the summary says passed', () => {
    expect(decide(makeSummary([makeScenario()], { result: result() }), { code: 1, timedOut: false })).toEqual({
      exitCode: 3,
      reason:
        'infrastructure error: Playwright exited with code 1 although every scenario passed; reports in reports/r',
    });
  });

  it('exits 3 without a summary, without a run result, and when goldpath stopped the suite', () => {
    expect(decide(undefined, { code: null, timedOut: false }).reason).toBe(
      'infrastructure error: Playwright was killed without writing summary.json; reports in reports/r',
    );
    expect(decide(makeSummary([makeScenario()])).reason).toBe(
      'infrastructure error: summary.json carries no run result, so whether every scenario ran is unknown; reports in reports/r',
    );
    expect(decide(makeSummary([makeScenario()], { result: result() }), { code: null, timedOut: true }).reason).toBe(
      'infrastructure error: the suite did not stop within 60000 ms although its budget ran out, and was killed; reports in reports/r',
    );
  });

  it('names the first run problem and how many more there are', () => {
    const summary = makeSummary([makeScenario()], {
      status: 'infrastructure_error',
      result: result({ problems: ['first thing', 'second thing'] }),
    });
    expect(decide(summary)).toEqual({
      exitCode: 3,
      reason: 'infrastructure error: first thing (+1 more in summary.json); reports in reports/r',
    });
  });

  it('exits 1 with the finding codes when scenarios failed', () => {
    const failed = makeScenario({ status: 'failed', findingsByCode: { 'order.completed_before_started': 2 } });
    expect(
      decide(
        makeSummary([failed, makeScenario()], {
          result: result({ playwrightStatus: 'failed', listed: 2, finished: 2 }),
        }),
        { code: 1, timedOut: false },
      ),
    ).toEqual({
      exitCode: 1,
      reason: '1 of 2 scenarios failed (order.completed_before_started ×2); reports in reports/r',
    });
  });

  it("exits 3 when the only findings are goldpath infrastructure findings, and 1 as soon as one is the backend's", () => {
    const run = result({ playwrightStatus: 'failed', listed: 2, finished: 2 });
    const unwelcomed = makeScenario({ status: 'failed', findingsByCode: { 'infra.connection_error': 36 } });
    expect(decide(makeSummary([unwelcomed, makeScenario()], { result: run }), { code: 1, timedOut: false })).toEqual({
      exitCode: 3,
      reason:
        "infrastructure error: 1 of 2 scenarios could not be checked, with infrastructure findings only (infra.connection_error ×36): no finding is the backend's; reports in reports/r",
    });
    const leaked = makeScenario({
      status: 'failed',
      findingsByCode: { 'infra.connection_error': 1, 'isolation.foreign_canary': 1 },
    });
    expect(decide(makeSummary([leaked], { result: run }), { code: 1, timedOut: false }).exitCode).toBe(1);
    // a scenario that failed without any finding (an assertion of the scenario) is not explained by goldpath's limits
    const asserted = makeScenario({ status: 'failed', findingsByCode: {} });
    expect(decide(makeSummary([unwelcomed, asserted], { result: run }), { code: 1, timedOut: false }).exitCode).toBe(1);
  });
});

describe('runProblems', () => {
  const scenarios = (statuses: ScenarioSummary['status'][]): ScenarioSummary[] =>
    statuses.map((status, i) => makeScenario({ name: `s${i + 1}`, status }));

  it('finds nothing wrong with a run where every listed scenario finished', () => {
    expect(
      runProblems({ playwrightStatus: 'passed', listed: 2, finished: 2, errors: [] }, scenarios(['passed', 'skipped'])),
    ).toEqual([]);
  });

  it('counts scenarios that were listed but never finished', () => {
    const list = scenarios(['passed', 'interrupted', 'interrupted']).map((s, i) =>
      i > 0 ? { ...s, error: 'did not run: the run ended before it started' } : s,
    );
    expect(runProblems({ playwrightStatus: 'passed', listed: 3, finished: 1, errors: [] }, list)).toEqual([
      '2 of 3 listed scenarios did not run (first: "s2")',
    ]);
  });

  it('accepts never-run scenarios only when --max-failures stopped the run after that many failures', () => {
    const report = {
      playwrightStatus: 'failed' as const,
      listed: 3,
      finished: 1,
      errors: ['Testing stopped early after 1 maximum allowed failures.'],
    };
    expect(runProblems({ ...report, maxFailures: 1 }, scenarios(['failed', 'interrupted', 'interrupted']))).toEqual([]);
    expect(runProblems({ ...report, maxFailures: 2 }, scenarios(['failed', 'interrupted', 'interrupted']))).toEqual([
      'error outside any scenario: Testing stopped early after 1 maximum allowed failures.',
      '2 of 3 listed scenarios did not run',
    ]);
  });

  it('calls a failed Playwright run with no failed scenario a problem, and an empty listing not one', () => {
    expect(
      runProblems({ playwrightStatus: 'failed', listed: 1, finished: 1, errors: [] }, scenarios(['passed'])),
    ).toEqual(['Playwright reported the run as failed although no scenario failed (see playwright-report/index.html)']);
    expect(
      runProblems({ playwrightStatus: 'failed', listed: 0, finished: 0, errors: ['Error: No tests found'] }, []),
    ).toEqual([]);
  });
});
