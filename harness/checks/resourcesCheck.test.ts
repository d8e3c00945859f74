import { describe, expect, it } from 'vitest';
import { checkResources, RESOURCES_NOT_CHECKED } from './resourcesCheck.ts';
import { NO_ERROR_CODE } from './noErrorCode.ts';
import { buildHistory, canary, connect, requestDraft, runDrafts, type Draft } from './testing/historyBuilder.ts';

const metrics = (phase: 'before' | 'after', active: number, created: number, rejections: number): Draft => ({
  kind: 'metrics',
  phase,
  metrics: {
    active_engines_count: active,
    total_engines_created: created,
    user_limit_rejections: rejections,
    timestamp: 'x',
  },
});
const runs = [
  ...connect('u-1'),
  ...runDrafts({ user: 'u-1', runId: 'r-1', canary: canary(1) }),
  ...runDrafts({ user: 'u-1', runId: 'r-2', canary: canary(2) }),
];
/** A third request of u-1 answered by an error frame instead of a run. */
const rejected = (payload: Record<string, unknown>): Draft[] => [
  requestDraft({ user: 'u-1', runId: 'r-3', canary: canary(3) }),
  { kind: 'frame', dir: 'in', user: 'u-1', conn: 'c-1', stamp: 'float', payload },
];
const limitError = { type: 'error_message', error_code: 'ENGINE_LIMIT_EXCEEDED', error_message: 'too many engines' };

async function check(before: Draft, after: Draft, expectedRejections = 0, extra: Draft[] = []) {
  const { header, records } = buildHistory([before, ...runs, ...extra, after], {
    expectations: { expectedRejections, allowedErrorCodes: ['ENGINE_LIMIT_EXCEEDED'] },
  });
  return checkResources(header, records);
}

describe('resourcesCheck', () => {
  it('finds nothing when engines are released and counted, and reports the delta', async () => {
    const result = await check(metrics('before', 0, 10, 1), metrics('after', 0, 12, 1));
    expect(result).toEqual({
      findings: [],
      metricsDelta: { active_engines_count: 0, total_engines_created: 2, user_limit_rejections: 0 },
    });
  });

  it('reports engines not released, a creation count unlike the runs and unexpected limit rejections', async () => {
    const result = await check(metrics('before', 0, 10, 0), metrics('after', 1, 13, 1));
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      [
        'resources.engines_not_released',
        'active_engines_count not back to its value before the scenario at frame 11: expected 0, received 1',
      ],
      [
        'resources.engine_count_mismatch',
        'total_engines_created grew by 3 for 2 runs started at frame 11: expected 2, received 3',
      ],
      ['resources.limit_rejections_mismatch', 'user_limit_rejections grew by 1 at frame 11: expected 0, received 1'],
    ]);
    expect(
      (await check(metrics('before', 0, 10, 0), metrics('after', 0, 12, 1), 1, rejected(limitError))).findings,
    ).toEqual([]);
  });

  it('says the engine counts were not checked, and why, without both snapshots', async () => {
    const { header, records } = buildHistory(runs);
    expect(await checkResources(header, records)).toEqual({
      findings: [],
      notChecked: [{ check: 'resources', reason: 'no factory metrics in the history' }],
    });
    const marked = buildHistory([
      {
        kind: 'mark',
        name: RESOURCES_NOT_CHECKED,
        data: { phase: 'before', reason: 'the target declares no metrics endpoint (target.metricsPath)' },
      },
      ...runs,
    ]);
    expect((await checkResources(marked.header, marked.records)).notChecked).toEqual([
      { check: 'resources', reason: 'the target declares no metrics endpoint (target.metricsPath)' },
    ]);
  });

  it('does not compare snapshots a mark says are not comparable', async () => {
    const { header, records } = buildHistory([
      metrics('before', 0, 10, 0),
      { kind: 'mark', name: RESOURCES_NOT_CHECKED, data: { reason: 'the traffic is in another history' } },
      ...runs,
      metrics('after', 0, 13, 0),
    ]);
    const result = await checkResources(header, records);
    expect(result.findings).toEqual([]);
    expect(result.notChecked?.[0]?.reason).toBe('the traffic is in another history');
  });

  it('counts expected rejections on the wire without metrics: one rejection passes, none is a finding', async () => {
    const history = (extra: Draft[], allowed: string[]) =>
      buildHistory([...runs, ...extra], { expectations: { expectedRejections: 1, allowedErrorCodes: allowed } });
    const ok = history(rejected(limitError), ['ENGINE_LIMIT_EXCEEDED']);
    expect((await checkResources(ok.header, ok.records)).findings).toEqual([]);
    // the real form of a denial: {"type":"error","message":…} without a code, allowed by NO_ERROR_CODE
    const real = history(rejected({ type: 'error', message: 'Access denied to thread' }), [NO_ERROR_CODE]);
    expect((await checkResources(real.header, real.records)).findings).toEqual([]);
    const none = history([], ['ENGINE_LIMIT_EXCEEDED']);
    expect((await checkResources(none.header, none.records)).findings.map((f) => [f.code, f.message])).toEqual([
      [
        'resources.limit_rejections_mismatch',
        'requests rejected with an allowed error code on the wire: expected 1, received 0',
      ],
    ]);
  });
});
