import { describe, expect, it } from 'vitest';
import { checkResources } from './resourcesCheck.ts';
import { buildHistory, canary, connect, runDrafts, type Draft } from './testing/historyBuilder.ts';

const metrics = (phase: 'before' | 'after', active: number, created: number, rejections: number): Draft => ({
  kind: 'metrics', phase, metrics: { active_engines_count: active, total_engines_created: created, user_limit_rejections: rejections, timestamp: 'x' },
});
const runs = [...connect('u-1'), ...runDrafts({ user: 'u-1', runId: 'r-1', canary: canary(1) }), ...runDrafts({ user: 'u-1', runId: 'r-2', canary: canary(2) })];

async function check(before: Draft, after: Draft, expectedRejections = 0) {
  const { header, records } = buildHistory([before, ...runs, after], { expectations: { expectedRejections } });
  return checkResources(header, records);
}

describe('resourcesCheck', () => {
  it('finds nothing when engines are released and counted, and reports the delta', async () => {
    const result = await check(metrics('before', 0, 10, 1), metrics('after', 0, 12, 1));
    expect(result).toEqual({ findings: [], metricsDelta: { active_engines_count: 0, total_engines_created: 2, user_limit_rejections: 0 } });
  });

  it('reports engines not released, a creation count unlike the runs and unexpected limit rejections', async () => {
    const result = await check(metrics('before', 0, 10, 0), metrics('after', 1, 13, 1));
    expect(result.findings.map((f) => [f.code, f.message])).toEqual([
      ['resources.engines_not_released', 'active_engines_count not back to its value before the scenario at frame 11: expected 0, received 1'],
      ['resources.engine_count_mismatch', 'total_engines_created grew by 3 for 2 runs started at frame 11: expected 2, received 3'],
      ['resources.limit_rejections_mismatch', 'user_limit_rejections grew by 1 at frame 11: expected 0, received 1'],
    ]);
    expect((await check(metrics('before', 0, 10, 0), metrics('after', 0, 12, 1), 1)).findings).toEqual([]);
  });

  it('skips without both snapshots', async () => {
    const { header, records } = buildHistory(runs);
    expect(await checkResources(header, records)).toEqual({ findings: [] });
  });
});
