import { buildFinding, type HistoryHeader, type HistoryRecord } from '../../contracts/index.ts';
import type { Check, CheckFactory, RunView, SpanView } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { shapeOf } from './runShape.ts';
import { scanHistory } from './scanHistory.ts';

/**
 * Every request is answered (completeness.no_run_for_request), every run reaches a terminal event
 * (completeness.run_not_terminated) and shows the required event types (completeness.missing_event_type); an error
 * answer whose code the scenario does not allow is completeness.unexpected_error. A request answered by an allowed
 * error code is an expected rejection. Runs that leaked in from another user are left to the isolation check.
 * Per agent span: the span shows rules.spans.required before its end (completeness.missing_event_type names the agent).
 * A sub-agent's agent_error ends its span, not the run: when the root then completes, the user got an answer (a baseline
 * still sees the changed span shape). A socket that closes (any code, 1000 included, unless the scenario allows it) while
 * it carries a request without a run or an open run is completeness.closed_mid_run, unless goldpath's client closed it.
 */
export const completenessCheck: CheckFactory = (ctx) => {
  const { rules, expectations } = ctx;
  const required = expectations.requiredEvents ?? rules.required;
  const allowed = new Set(expectations.allowedErrorCodes);
  const allowedText = allowed.size > 0 ? `an allowed error code (${[...allowed].join(', ')})` : 'no error';
  // a scenario that does not require a type of its runs does not require it of their spans either
  const spanRequired = rules.spans.required.filter((type) => required.includes(type));
  const allowedCloses = new Set(expectations.allowedCloseCodes);

  /** The required types a span did not show. */
  const missingIn = (span: SpanView): string[] =>
    rules.spans.required.filter((type, i) => (span.requiredSeen & (1 << i)) === 0 && spanRequired.includes(type));

  const reportSpan = (run: RunView, span: SpanView, missing: string[], seq: number, end: string): void => {
    ctx.report(
      buildFinding({
        code: 'completeness.missing_event_type',
        what: `${end} without ${missing.join(', ')}`,
        subject: { agent: span.name ?? '(unnamed)', runId: run.runId, user: run.user, frameIndex: seq },
        detail: `its span from frame ${span.startSeq}`,
        expected: `${spanRequired.join(', ')} in every agent's span`,
        received: shapeOf(run),
      }),
    );
  };

  const check: Check = {
    onClose(rec, cut) {
      if (rec.by !== 'server' || allowedCloses.has(rec.code)) return;
      const open = cut.runs.filter((run) => run.terminalSeq === undefined);
      if (open.length === 0 && cut.requests.length === 0) return;
      const reason = rec.reason !== '' ? ` (${rec.reason})` : '';
      const what = [
        ...cut.requests.map((r) => `the ${r.type} at frame ${r.seq} without a run`),
        ...open.map((run) => `run ${run.runId} open since frame ${run.firstSeq}`),
      ].join(', ');
      const runId = open[0]?.runId;
      ctx.report({
        ...buildFinding({
          code: 'completeness.closed_mid_run',
          what: `close ${rec.code}${reason} by the server`,
          subject: { conn: rec.conn, user: rec.user, frameIndex: rec.seq },
          detail: `while the socket carried ${what}`,
          expected: 'the socket open until every run on it ended',
          received: `close ${rec.code}`,
        }),
        // the run it names first, for grouping: the message names every run it carried
        ...(runId !== undefined && { runId }),
      });
    },
    onServerFrame(obs) {
      const span = obs.span;
      const run = obs.run;
      if (
        obs.spanEvent === 'close' &&
        span !== undefined &&
        run !== undefined &&
        span !== run.root &&
        !run.foreign &&
        run.interruptedSeq === undefined
      ) {
        const missing = missingIn(span);
        if (missing.length > 0) reportSpan(run, span, missing, obs.rec.seq, obs.event?.type ?? 'end');
      }
      const code = obs.errorCode;
      if (code === undefined || obs.run !== undefined || obs.late === true || allowed.has(code)) return;
      const { rec } = obs;
      const answers = obs.answers;
      ctx.report(
        buildFinding({
          code: 'completeness.unexpected_error',
          what: `${obs.event?.type ?? 'error'} ${code}`,
          subject: { conn: rec.conn, user: rec.user, frameIndex: rec.seq },
          detail: answers !== undefined ? `answering the ${answers.type} at frame ${answers.seq}` : undefined,
          expected: allowedText,
          received: `error_code ${code}`,
          related: answers !== undefined ? { frameIndex: answers.seq } : undefined,
        }),
      );
    },
    onRunEnd(run, ended) {
      if (run.foreign) return;
      const shape = shapeOf(run);
      const ending = { runId: run.runId, user: run.user, frameIndex: run.terminalSeq ?? run.lastSeq };
      if (ended === 'open') {
        ctx.report(
          buildFinding({
            code: 'completeness.run_not_terminated',
            what: `no ${rules.terminal.join(' or ')} by the end of the history`,
            subject: { runId: run.runId, user: run.user, frameIndex: run.lastSeq },
            detail: 'its last event',
            expected: `a terminal event (${rules.terminal.join(' or ')})`,
            received: shape,
          }),
        );
        return;
      }
      if (run.errorCode !== undefined) {
        if (allowed.has(run.errorCode)) return;
        ctx.report(
          buildFinding({
            code: 'completeness.unexpected_error',
            what: `${run.terminalType ?? 'error'} ${run.errorCode}`,
            subject: ending,
            expected: allowedText,
            received: `error_code ${run.errorCode}`,
          }),
        );
        return;
      }
      // an interrupted run (a socket closed mid-run) may have missed events: it only has to end
      if (run.interruptedSeq !== undefined) return;
      const missing = required.filter((type) => !run.types.has(type));
      if (missing.length === 0) {
        // the whole run showed them, but the root agent's own span may not have
        const root = run.root;
        const own = root !== undefined && run.outside === undefined && run.open.length === 0 ? missingIn(root) : [];
        const end = run.terminalType ?? 'end';
        if (own.length > 0 && root !== undefined) reportSpan(run, root, own, ending.frameIndex, end);
        return;
      }
      ctx.report(
        buildFinding({
          code: 'completeness.missing_event_type',
          what: `${run.terminalType ?? 'end'} without ${missing.join(', ')}`,
          subject: ending,
          expected: required.join(', '),
          received: shape,
        }),
      );
    },
    onUnansweredRequest(request) {
      ctx.report(
        buildFinding({
          code: 'completeness.no_run_for_request',
          what: `no run answered the ${request.type}`,
          subject: { user: request.user, frameIndex: request.seq },
          detail: request.canaries.length > 0 ? `canary ${request.canaries.join(', ')}` : undefined,
          expected: `${rules.start} of a run quoting it`,
          received: 'nothing by the end of the history',
        }),
      );
    },
  };
  return check;
};

/** The completeness check alone over a history. */
export async function checkCompleteness(
  header: HistoryHeader,
  records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>,
  options: CheckOptions = {},
) {
  return (await scanHistory(header, records, options, [completenessCheck])).findings;
}
