import type { HistoryHeader, HistoryRecord, MetricsRecord } from '../../contracts/index.ts';
import type { Check, CheckFactory } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { scanHistory } from './scanHistory.ts';

function numeric(metrics: Record<string, unknown>, field: string): number | undefined {
  const value = metrics[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The factory's metrics before and after (the first `before` and the last `after` snapshot; skipped without both):
 * active_engines_count back to its value before (resources.engines_not_released), total_engines_created grown by the
 * number of runs started (resources.engine_count_mismatch), user_limit_rejections grown by
 * expectations.expectedRejections (resources.limit_rejections_mismatch). Contributes metricsDelta.
 */
export const resourcesCheck: CheckFactory = (ctx) => {
  let before: MetricsRecord | undefined;
  let after: MetricsRecord | undefined;
  let delta: Record<string, number> | undefined;

  const compare = (code: 'resources.engines_not_released' | 'resources.engine_count_mismatch' | 'resources.limit_rejections_mismatch', what: string, expected: number, received: number, seq: number): void => {
    if (expected === received) return;
    ctx.report({ code, severity: 'error', frameIndex: seq,
      message: `${what} at frame ${seq}: expected ${expected}, received ${received}`, expected: String(expected), received: String(received) });
  };

  const check: Check = {
    onMetrics(rec) {
      if (rec.phase === 'before') before ??= rec;
      else after = rec;
    },
    finish() {
      if (before === undefined || after === undefined) return;
      delta = {};
      for (const [field, value] of Object.entries(after.metrics)) {
        const old = numeric(before.metrics, field);
        if (typeof value === 'number' && old !== undefined) delta[field] = value - old;
      }
      const activeBefore = numeric(before.metrics, 'active_engines_count');
      const activeAfter = numeric(after.metrics, 'active_engines_count');
      if (activeBefore !== undefined && activeAfter !== undefined) {
        compare('resources.engines_not_released', 'active_engines_count not back to its value before the scenario', activeBefore, activeAfter, after.seq);
      }
      const created = delta.total_engines_created;
      if (created !== undefined) {
        compare('resources.engine_count_mismatch', `total_engines_created grew by ${created} for ${ctx.runsStarted} runs started`, ctx.runsStarted, created, after.seq);
      }
      const rejections = delta.user_limit_rejections;
      if (rejections !== undefined) {
        compare('resources.limit_rejections_mismatch', `user_limit_rejections grew by ${rejections}`, ctx.expectations.expectedRejections, rejections, after.seq);
      }
    },
    contribute(result) {
      if (delta !== undefined) result.metricsDelta = delta;
    },
  };
  return check;
};

/** The resources check alone over a history. */
export async function checkResources(header: HistoryHeader, records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>, options: CheckOptions = {}) {
  const result = await scanHistory(header, records, options, [resourcesCheck]);
  return { findings: result.findings, ...(result.metricsDelta !== undefined && { metricsDelta: result.metricsDelta }) };
}
