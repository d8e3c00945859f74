import { describe, expect, it } from 'vitest';
import { GOLDEN_SHAPE, makeFinding, makeScenario, makeSummary, percentiles } from '../report/testing/makeSummary.ts';
import { buildBaseline } from './buildBaseline.ts';
import { compareWithBaseline } from './compareWithBaseline.ts';

const NO_THINKING = 'S X:search C:search D';

/** Two clean passes whose engine creation p50 is 10 and 14 ms (noise 4 ms). */
function cleanBaseline() {
  return buildBaseline([
    makeSummary([makeScenario({ latency: { engine_creation: percentiles(10) } })], { runId: 'b1' }),
    makeSummary([makeScenario({ latency: { engine_creation: percentiles(14) } })], { runId: 'b2' }),
  ]);
}

describe('compareWithBaseline', () => {
  it('passes a run identical to the baseline', () => {
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([makeScenario({ latency: { engine_creation: percentiles(12) } })]),
    );
    expect(verdict.status).toBe('PASS');
    expect(verdict.reasons).toEqual([]);
  });

  it('breaks on any isolation finding, whatever the baseline says', () => {
    const leak = makeFinding('isolation.foreign_canary', { user: 'u-2', related: { user: 'u-1' } });
    const baseline = buildBaseline([
      makeSummary([makeScenario({ findingsByCode: { 'isolation.foreign_canary': 1 }, findings: [leak] })]),
    ]);
    const verdict = compareWithBaseline(
      baseline,
      makeSummary([makeScenario({ findingsByCode: { 'isolation.foreign_canary': 1 }, findings: [leak] })]),
      { ignore: ['isolation'] },
    );
    expect(verdict.status).toBe('BROKEN');
    expect(verdict.reasons[0]).toMatchObject({
      kind: 'isolation',
      scenario: 'golden path',
      what: 'isolation.foreign_canary findings',
      received: '1',
    });
    expect(verdict.reasons[0]?.message).toBe(
      'isolation.foreign_canary findings: expected 0 (isolation is never within noise), received 1 (scenario "golden path")',
    );
    expect(verdict.notes).toContain('thresholds.ignore cannot silence isolation findings: they were compared anyway');
  });

  it('passes finding counts within the baseline noise', () => {
    const baseline = buildBaseline([
      makeSummary([makeScenario({ findingsByCode: { 'order.gap_exceeded': 1 } })]),
      makeSummary([makeScenario({ findingsByCode: { 'order.gap_exceeded': 3 } })]),
    ]);
    expect(
      compareWithBaseline(baseline, makeSummary([makeScenario({ findingsByCode: { 'order.gap_exceeded': 4 } })]))
        .status,
    ).toBe('PASS');
  });

  it('regresses on an order finding the baseline never had', () => {
    const current = makeScenario({
      findingsByCode: { 'order.illegal_transition': 20 },
      findings: [makeFinding('order.illegal_transition')],
    });
    const verdict = compareWithBaseline(cleanBaseline(), makeSummary([current]));
    expect(verdict.status).toBe('REGRESSED');
    expect(verdict.reasons).toEqual([
      expect.objectContaining({
        kind: 'order',
        what: 'order.illegal_transition findings',
        expected: '0 (none in the baseline)',
        received: '20',
        field: 'findings.order.illegal_transition',
      }),
    ]);
    expect(verdict.reasons[0]?.examples).toHaveLength(1);
  });

  it('regresses on contract and completeness findings above the baseline count plus noise', () => {
    const baseline = buildBaseline([
      makeSummary([makeScenario({ findingsByCode: { 'contract.schema_mismatch': 1 } })]),
      makeSummary([makeScenario({ findingsByCode: { 'contract.schema_mismatch': 2 } })]),
    ]);
    const verdict = compareWithBaseline(
      baseline,
      makeSummary([
        makeScenario({ findingsByCode: { 'contract.schema_mismatch': 3, 'completeness.missing_event_type': 5 } }),
      ]),
    );
    expect(verdict.reasons.map((r) => [r.kind, r.what, r.expected])).toEqual([
      ['completeness', 'completeness.missing_event_type findings', '0 (none in the baseline)'],
      ['contract', 'contract.schema_mismatch findings', 'at most 2.50 (baseline 1–2, noise 1)'],
    ]);
  });

  it('lists fewer findings than the baseline as an improvement', () => {
    const baseline = buildBaseline([makeSummary([makeScenario({ findingsByCode: { 'order.gap_exceeded': 4 } })])]);
    const verdict = compareWithBaseline(baseline, makeSummary([makeScenario()]));
    expect(verdict.status).toBe('PASS');
    expect(verdict.improvements[0]).toMatchObject({ what: 'order.gap_exceeded findings', received: '0 (fewer)' });
  });

  it('passes a shape share that moves within noise plus tolerance', () => {
    const baseline = buildBaseline([
      makeSummary([makeScenario({ shapes: { [GOLDEN_SHAPE]: 18, 'S T D': 2 } })]),
      makeSummary([makeScenario({ shapes: { [GOLDEN_SHAPE]: 20 } })]),
    ]);
    expect(
      compareWithBaseline(baseline, makeSummary([makeScenario({ shapes: { [GOLDEN_SHAPE]: 17, 'S T D': 3 } })])).status,
    ).toBe('PASS');
  });

  it('regresses when a sub-agent of the pipeline vanishes from its runs, not when optional ones vary', () => {
    const full = 'S T [triage S T X:classify C:classify D ] [data S T X:q C:q D ] [reporting S T D ] D';
    const withOptional =
      'S T [triage S T X:classify C:classify D ] [data S T X:q C:q D ] [optimization S T D ] [reporting S T D ] D';
    const noData = 'S T [triage S T X:classify C:classify D ] [reporting S T D ] D';
    const baseline = buildBaseline([
      makeSummary([makeScenario({ shapes: { [full]: 17, [withOptional]: 3 } })]),
      makeSummary([makeScenario({ shapes: { [full]: 17, [withOptional]: 3 } })]),
    ]);
    // other tools, and the optional sub-agent in 8 of 20 runs instead of 3: noise
    const varied = compareWithBaseline(
      baseline,
      makeSummary([makeScenario({ shapes: { [full.replace(/:q/g, ':r')]: 12, [withOptional]: 8 } })]),
    );
    expect(varied.reasons).toEqual([]);
    expect(compareWithBaseline(baseline, makeSummary([makeScenario({ shapes: { [full]: 20 } })])).status).toBe('PASS');
    const verdict = compareWithBaseline(baseline, makeSummary([makeScenario({ shapes: { [noData]: 20 } })]));
    expect(verdict.status).toBe('REGRESSED');
    expect(verdict.reasons.map((r) => [r.kind, r.what, r.expected, r.received])).toEqual([
      [
        'shape',
        'runs with the sub-agent span "[data S T X C D ]"',
        'in about 100.0% of runs (baseline 100.0%–100.0%)',
        '0 of 20 runs (vanished)',
      ],
    ]);
  });

  it('does not judge a sub-agent on a run or two: chance explains its absence or presence there', () => {
    const plain = 'S T [triage S T D ] [reporting S T D ] D';
    const optional = 'S T [triage S T D ] [optimization S T D ] [reporting S T D ] D';
    const baseline = buildBaseline([
      makeSummary([makeScenario({ shapes: { [plain]: 1 } })]),
      makeSummary([makeScenario({ shapes: { [plain]: 1 } })]),
    ]);
    expect(
      compareWithBaseline(baseline, makeSummary([makeScenario({ shapes: { [optional]: 1 } })])).reasons.filter(
        (r) => r.kind === 'shape',
      ),
    ).toEqual([]);
    const once = buildBaseline([
      makeSummary([makeScenario({ shapes: { [optional]: 1 } })]),
      makeSummary([makeScenario({ shapes: { [plain]: 1 } })]),
    ]);
    expect(
      compareWithBaseline(once, makeSummary([makeScenario({ shapes: { [plain]: 12 } })])).reasons.filter(
        (r) => r.kind === 'shape',
      ),
    ).toEqual([]);
  });

  it('regresses when a sub-agent loses its agent_thinking in its runs', () => {
    const full = 'S T [triage S T D ] [data S T X:q C:q D ] D';
    const baseline = buildBaseline([
      makeSummary([makeScenario({ shapes: { [full]: 20 } })]),
      makeSummary([makeScenario({ shapes: { [full]: 20 } })]),
    ]);
    const verdict = compareWithBaseline(
      baseline,
      makeSummary([makeScenario({ shapes: { 'S T [triage S T D ] [data S X:q C:q D ] D': 20 } })]),
    );
    expect(verdict.reasons.map((r) => [r.what, r.received])).toEqual([
      ['runs with the sub-agent span "[data S T X C D ]"', '0 of 20 runs (vanished)'],
      ['runs with the sub-agent span "[data S X C D ]"', '100.0%, 20 of 20 runs (appeared)'],
    ]);
  });

  it('regresses when a shape vanishes and another appears', () => {
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([makeScenario({ shapes: { [NO_THINKING]: 20 } })]),
    );
    expect(verdict.status).toBe('REGRESSED');
    expect(verdict.reasons.map((r) => [r.kind, r.what, r.received])).toEqual([
      ['shape', 'share of runs shaped "S T X C D"', '0.0%, 0 of 20 runs (vanished)'],
      ['shape', 'share of runs shaped "S X C D"', '100.0%, 20 of 20 runs (appeared)'],
    ]);
    expect(verdict.reasons[0]?.expected).toBe('100.0% ± 5.0% (noise 0.0% + tolerance 5.0%)');
    expect(verdict.reasons[1]?.examples).toEqual([`e.g. ${NO_THINKING}`]);
  });

  it('passes runs that plan other tools and more thoughts but keep the same skeleton', () => {
    const current = makeScenario({
      shapes: { 'S T X:fetch C:fetch T X:search C:search T T D': 12, 'S T X:analyze C:analyze D': 8 },
    });
    expect(compareWithBaseline(cleanBaseline(), makeSummary([current])).status).toBe('PASS');
  });

  it('passes engine creation that is slower only within noise or thresholds', () => {
    // baseline p95 mean 18 ms (15 and 21): +50% = 9 ms, absolute 25 ms: the limit is 43 ms
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([makeScenario({ latency: { engine_creation: percentiles(25) } })]),
    );
    expect(verdict.status).toBe('PASS');
  });

  it('regresses when engine creation is worse than noise, the relative and the absolute threshold', () => {
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([makeScenario({ latency: { engine_creation: percentiles(160) } })]),
    );
    expect(verdict.status).toBe('REGRESSED');
    expect(verdict.reasons.map((r) => r.field)).toEqual(['latency.engine_creation.p50', 'latency.engine_creation.p95']);
    expect(verdict.reasons[1]).toMatchObject({
      kind: 'latency',
      what: 'engine_creation p95 (the factory SLA)',
      expected: 'at most 43.0 ms (baseline 18.0 ms; noise 6.0 ms, +50%, +25 ms)',
      received: '240.0 ms (+222.0 ms)',
    });
  });

  it('needs the latency change to pass the relative threshold as well as the absolute one', () => {
    const slowBase = buildBaseline([makeSummary([makeScenario({ latency: { terminal: percentiles(1000) } })])]);
    const verdict = compareWithBaseline(
      slowBase,
      makeSummary([makeScenario({ latency: { terminal: percentiles(1200) } })]),
    );
    expect(verdict.status).toBe('PASS');
  });

  it('lists much faster latency as an improvement', () => {
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([makeScenario({ latency: { engine_creation: percentiles(2) } })]),
      { latencyAbsoluteMs: 0, latencyRelative: 0 },
    );
    expect(verdict.status).toBe('PASS');
    expect(verdict.improvements.map((r) => r.field)).toEqual([
      'latency.engine_creation.p50',
      'latency.engine_creation.p95',
    ]);
    expect(verdict.improvements[1]?.received).toBe('3.0 ms (−15.0 ms)');
  });

  it('regresses when engines do not return to zero', () => {
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([makeScenario({ metricsDelta: { active_engines_count: 3 } })]),
    );
    expect(verdict.reasons).toEqual([
      expect.objectContaining({
        kind: 'resources',
        what: 'active_engines_count after the scenario',
        expected: '0 (every engine released)',
        received: '+3',
      }),
    ]);
  });

  it('regresses on resources findings and on limit rejections beyond the baseline', () => {
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([
        makeScenario({
          findingsByCode: { 'resources.engines_not_released': 1 },
          metricsDelta: { active_engines_count: 0, user_limit_rejections: 4 },
        }),
      ]),
    );
    expect(verdict.reasons.map((r) => [r.kind, r.field])).toEqual([
      ['resources', 'findings.resources.engines_not_released'],
      ['resources', 'metricsDelta.user_limit_rejections'],
    ]);
  });

  it('regresses when a baseline scenario did not run, and only notes a new one', () => {
    const verdict = compareWithBaseline(cleanBaseline(), makeSummary([makeScenario({ name: 'concurrent users' })]));
    expect(verdict.reasons).toEqual([
      expect.objectContaining({ kind: 'missing_scenario', scenario: 'golden path', received: 'not run' }),
    ]);
    expect(verdict.notes).toContain('scenario "concurrent users" is not in the baseline: only isolation was checked');
  });

  it('never compares the fields thresholds.ignore names, and says so', () => {
    const current = makeScenario({
      latency: { engine_creation: percentiles(160) },
      findingsByCode: { 'order.gap_exceeded': 2 },
    });
    const verdict = compareWithBaseline(cleanBaseline(), makeSummary([current]), {
      ignore: ['latency.engine_creation', 'order.gap_exceeded'],
    });
    expect(verdict.status).toBe('PASS');
    expect(verdict.notes.find((n) => n.startsWith('ignored by thresholds.ignore'))).toContain('engine_creation p95');
  });

  it('regresses on a scenario that failed without findings when the baseline passed', () => {
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([makeScenario({ status: 'timedOut', error: 'Test timeout of 30000ms exceeded.' })]),
    );
    expect(verdict.reasons).toEqual([
      expect.objectContaining({
        kind: 'infra',
        what: 'scenario status',
        received: 'timedOut (Test timeout of 30000ms exceeded.)',
      }),
    ]);
  });

  it('compares a percentile only when both sides have enough samples for it', () => {
    const few = { engine_creation: percentiles(10, { count: 12 }) };
    const baseline = buildBaseline([
      makeSummary([makeScenario({ latency: few })]),
      makeSummary([makeScenario({ latency: few })]),
    ]);
    const verdict = compareWithBaseline(
      baseline,
      makeSummary([makeScenario({ latency: { engine_creation: percentiles(10, { count: 12, p95: 400 }) } })]),
    );
    expect(verdict.status).toBe('PASS');
    expect(verdict.notes).toContain('scenario "golden path": p95 not compared, 12 samples (needs 20): engine_creation');
    const slow = compareWithBaseline(
      baseline,
      makeSummary([makeScenario({ latency: { engine_creation: percentiles(300, { count: 12 }) } })]),
    );
    expect(slow.reasons.map((r) => r.field)).toEqual(['latency.engine_creation.p50']);
  });

  it('carries the step and notes an environment that differs from the baseline', () => {
    const verdict = compareWithBaseline(
      cleanBaseline(),
      makeSummary([makeScenario()], { environment: { node: 'v22.1.0', cpus: 2 } }),
      {},
      { step: 'step-2' },
    );
    expect(verdict.step).toBe('step-2');
    expect(verdict.notes).toContain('environment differs in node (v20.20.2 → v22.1.0)');
  });
});
