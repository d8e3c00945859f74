import { buildFinding, type HistoryHeader, type HistoryRecord, type MetricsRecord } from '../../contracts/index.ts';
import type { Check, CheckFactory } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { scanHistory } from './scanHistory.ts';

/** A mark (`data.reason`) saying the metrics of this history cannot be compared: they could not be read, or the traffic went elsewhere. */
export const RESOURCES_NOT_CHECKED = 'resources_not_checked';

function numeric(metrics: Record<string, unknown>, field: string): number | undefined {
  const value = metrics[field];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/**
 * The factory's metrics before and after (the first `before` and the last `after` snapshot): active_engines_count back to
 * its value before (resources.engines_not_released), total_engines_created grown by the number of runs started
 * (resources.engine_count_mismatch), user_limit_rejections grown by expectations.expectedRejections
 * (resources.limit_rejections_mismatch). Without both snapshots, or with a `resources_not_checked` mark, these are not
 * checked, and the result says why. Expected rejections are counted on the wire too, metrics or not: the requests
 * answered by an allowed error code must number expectations.expectedRejections. Contributes metricsDelta.
 */
export const resourcesCheck: CheckFactory = (ctx) => {
  let before: MetricsRecord | undefined;
  let after: MetricsRecord | undefined;
  let delta: Record<string, number> | undefined;
  let unavailable: string | undefined;
  let wireRejections = 0;

  const compare = (
    code: 'resources.engines_not_released' | 'resources.engine_count_mismatch' | 'resources.limit_rejections_mismatch',
    what: string,
    expected: number,
    received: number,
    seq: number,
  ): void => {
    if (expected === received) return;
    ctx.report(
      buildFinding({
        code,
        what,
        subject: { frameIndex: seq },
        expected: String(expected),
        received: String(received),
      }),
    );
  };

  const check: Check = {
    onServerFrame(obs) {
      if (obs.answers?.outcome === 'rejected') wireRejections++;
    },
    onMark(rec) {
      if (rec.name === RESOURCES_NOT_CHECKED && unavailable === undefined)
        unavailable = typeof rec.data?.reason === 'string' ? rec.data.reason : 'the metrics could not be read';
    },
    onMetrics(rec) {
      if (rec.phase === 'before') before ??= rec;
      else after = rec;
    },
    finish() {
      const expected = ctx.expectations.expectedRejections;
      if (expected > 0 && wireRejections !== expected) {
        ctx.report(
          buildFinding({
            code: 'resources.limit_rejections_mismatch',
            what: 'requests rejected with an allowed error code on the wire',
            subject: {},
            expected: String(expected),
            received: String(wireRejections),
          }),
        );
      }
      if (before === undefined || after === undefined || unavailable !== undefined) return;
      delta = {};
      for (const [field, value] of Object.entries(after.metrics)) {
        const old = numeric(before.metrics, field);
        if (typeof value === 'number' && old !== undefined) delta[field] = value - old;
      }
      const activeBefore = numeric(before.metrics, 'active_engines_count');
      const activeAfter = numeric(after.metrics, 'active_engines_count');
      if (activeBefore !== undefined && activeAfter !== undefined) {
        compare(
          'resources.engines_not_released',
          'active_engines_count not back to its value before the scenario',
          activeBefore,
          activeAfter,
          after.seq,
        );
      }
      const created = delta.total_engines_created;
      if (created !== undefined) {
        compare(
          'resources.engine_count_mismatch',
          `total_engines_created grew by ${created} for ${ctx.runsStarted} runs started`,
          ctx.runsStarted,
          created,
          after.seq,
        );
      }
      const rejections = delta.user_limit_rejections;
      if (rejections !== undefined) {
        compare(
          'resources.limit_rejections_mismatch',
          `user_limit_rejections grew by ${rejections}`,
          ctx.expectations.expectedRejections,
          rejections,
          after.seq,
        );
      }
    },
    contribute(result) {
      if (delta !== undefined) result.metricsDelta = delta;
      else {
        const missing =
          before === undefined && after === undefined
            ? 'no factory metrics in the history'
            : `no ${before === undefined ? 'before' : 'after'} snapshot of the factory metrics in the history`;
        const reason = unavailable ?? missing;
        result.notChecked = [...(result.notChecked ?? []), { check: 'resources', reason }];
      }
    },
  };
  return check;
};

/** The resources check alone over a history. */
export async function checkResources(
  header: HistoryHeader,
  records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>,
  options: CheckOptions = {},
) {
  const result = await scanHistory(header, records, options, [resourcesCheck]);
  return {
    findings: result.findings,
    ...(result.metricsDelta !== undefined && { metricsDelta: result.metricsDelta }),
    ...(result.notChecked !== undefined && { notChecked: result.notChecked }),
  };
}
