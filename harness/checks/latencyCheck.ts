import {
  buildFinding,
  type HistoryHeader,
  type HistoryRecord,
  type LatencyName,
  type Percentiles,
} from '../../contracts/index.ts';
import type { Check, CheckFactory } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { msBetween, msPast } from './describeFrame.ts';
import { LatencyHistogram } from './LatencyHistogram.ts';
import { scanHistory } from './scanHistory.ts';

/**
 * Per run, from its request: → start event (engine_creation), → first event (first_event), → terminal event
 * (terminal); per tool call: start → completion (tool). Percentiles from HDR histograms.
 *
 * Findings (latency.sla_exceeded):
 * - request → start above `startSlaMs`. Severity `error` when the scenario's expectations declare startSlaMs (the
 *   scenario asserts it), `warning` when it comes only from CheckOptions.startSlaMs (an ad-hoc threshold, e.g. on
 *   the command line): wall-clock latency on shared CI machines is noisy.
 * - request → terminal above `runDeadlineMs` (the protocol's "every event within 60 s of the request"): `error`.
 */
export const latencyCheck: CheckFactory = (ctx) => {
  const histograms: Record<LatencyName, LatencyHistogram> = {
    engine_creation: new LatencyHistogram(),
    first_event: new LatencyHistogram(),
    terminal: new LatencyHistogram(),
    tool: new LatencyHistogram(),
  };
  const sla = ctx.options.startSlaMs ?? ctx.expectations.startSlaMs;
  const slaSeverity = ctx.options.startSlaMs === undefined ? 'error' : 'warning';

  const check: Check = {
    onServerFrame(obs) {
      if (obs.tool?.kind === 'close' && obs.run !== undefined && !obs.run.foreign) {
        histograms.tool.record(msBetween(obs.tool.open.mono, obs.rec.mono));
      }
    },
    onRunEnd(run, ended) {
      const request = run.request;
      if (run.foreign || request === undefined) return;
      histograms.first_event.record(msBetween(request.mono, run.firstMono));
      if (run.startedMono !== undefined) {
        const ms = msBetween(request.mono, run.startedMono);
        histograms.engine_creation.record(ms);
        if (sla !== undefined && ms > sla) {
          const shown = msPast(ms, sla);
          ctx.report(
            buildFinding({
              code: 'latency.sla_exceeded',
              severity: slaSeverity,
              what: `${ctx.rules.start} ${shown} ms after the ${request.type}`,
              subject: { runId: run.runId, user: run.user, frameIndex: request.seq },
              expected: `at most ${sla} ms`,
              received: `${shown} ms`,
            }),
          );
        }
      }
      if (ended === 'terminal' && run.terminalMono !== undefined) {
        const ms = msBetween(request.mono, run.terminalMono);
        histograms.terminal.record(ms);
        if (ms > ctx.runDeadlineMs) {
          const shown = msPast(ms, ctx.runDeadlineMs);
          ctx.report(
            buildFinding({
              code: 'latency.sla_exceeded',
              what: `${run.terminalType ?? 'terminal event'} ${shown} ms after the ${request.type} at frame ${request.seq}`,
              subject: { runId: run.runId, user: run.user, frameIndex: run.terminalSeq ?? run.lastSeq },
              expected: `within ${ctx.runDeadlineMs} ms of the request`,
              received: `${shown} ms`,
            }),
          );
        }
      }
    },
    contribute(result) {
      for (const [name, histogram] of Object.entries(histograms) as [LatencyName, LatencyHistogram][]) {
        const percentiles: Percentiles | undefined = histogram.percentiles();
        if (percentiles !== undefined) result.latency[name] = percentiles;
      }
    },
  };
  return check;
};

/** The latency check alone over a history (findings and percentiles). */
export async function checkLatency(
  header: HistoryHeader,
  records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>,
  options: CheckOptions = {},
) {
  const result = await scanHistory(header, records, options, [latencyCheck]);
  return { findings: result.findings, latency: result.latency };
}
