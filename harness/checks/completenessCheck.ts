import type { HistoryHeader, HistoryRecord } from '../../contracts/index.ts';
import type { Check, CheckFactory } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { scanHistory } from './scanHistory.ts';

/**
 * Every request is answered (completeness.no_run_for_request), every run reaches a terminal event
 * (completeness.run_not_terminated) and shows the required event types (completeness.missing_event_type); an error
 * answer whose code the scenario does not allow is completeness.unexpected_error. A request answered by an allowed
 * error code is an expected rejection. Runs that leaked in from another user are left to the isolation check.
 */
export const completenessCheck: CheckFactory = (ctx) => {
  const { rules, expectations } = ctx;
  const required = expectations.requiredEvents ?? rules.required;
  const allowed = new Set(expectations.allowedErrorCodes);
  const allowedText = allowed.size > 0 ? `an allowed error code (${[...allowed].join(', ')})` : 'no error';
  const check: Check = {
    onServerFrame(obs) {
      const code = obs.errorCode;
      if (code === undefined || obs.run !== undefined || obs.late === true || allowed.has(code)) return;
      const { rec } = obs;
      const answering = obs.answers !== undefined ? ` answering the ${obs.answers.type} at frame ${obs.answers.seq}` : '';
      ctx.report({ code: 'completeness.unexpected_error', severity: 'error', user: rec.user, frameIndex: rec.seq,
        ...(obs.answers !== undefined && { related: { frameIndex: obs.answers.seq } }),
        message: `${obs.event?.type ?? 'error'} ${code} on socket ${rec.conn} of user ${rec.user} at frame ${rec.seq}${answering}: expected ${allowedText}, received error_code ${code}`,
        expected: allowedText, received: `error_code ${code}` });
    },
    onRunEnd(run, ended) {
      if (run.foreign) return;
      const base = { user: run.user, runId: run.runId };
      const shape = run.shape.join(' ');
      if (ended === 'open') {
        const expected = `a terminal event (${rules.terminal.join(' or ')})`;
        ctx.report({ code: 'completeness.run_not_terminated', severity: 'error', ...base, frameIndex: run.lastSeq,
          message: `no ${rules.terminal.join(' or ')} for run ${run.runId} of user ${run.user} by the end of the history (last event at frame ${run.lastSeq}): expected ${expected}, received ${shape}`,
          expected, received: shape });
        return;
      }
      if (run.errorCode !== undefined) {
        if (allowed.has(run.errorCode)) return;
        ctx.report({ code: 'completeness.unexpected_error', severity: 'error', ...base, frameIndex: run.terminalSeq ?? run.lastSeq,
          message: `${run.terminalType ?? 'error'} ${run.errorCode} ended run ${run.runId} of user ${run.user} at frame ${run.terminalSeq ?? run.lastSeq}: expected ${allowedText}, received error_code ${run.errorCode}`,
          expected: allowedText, received: `error_code ${run.errorCode}` });
        return;
      }
      // an interrupted run (a socket closed mid-run) may have missed events: it only has to end
      if (run.interruptedSeq !== undefined) return;
      const missing = required.filter((type) => !run.types.has(type));
      if (missing.length === 0) return;
      ctx.report({ code: 'completeness.missing_event_type', severity: 'error', ...base, frameIndex: run.terminalSeq ?? run.lastSeq,
        message: `run ${run.runId} of user ${run.user} ended at frame ${run.terminalSeq ?? run.lastSeq} without ${missing.join(', ')}: expected ${required.join(', ')}, received ${shape}`,
        expected: required.join(', '), received: shape });
    },
    onUnansweredRequest(request) {
      const canary = request.canaries.length > 0 ? ` (canary ${request.canaries.join(', ')})` : '';
      ctx.report({ code: 'completeness.no_run_for_request', severity: 'error', user: request.user, frameIndex: request.seq,
        message: `no run answered the ${request.type} of user ${request.user} at frame ${request.seq}${canary}: expected ${rules.start} of a run quoting it, received nothing by the end of the history`,
        expected: `${rules.start} of a run quoting it`, received: 'nothing by the end of the history' });
    },
  };
  return check;
};

/** The completeness check alone over a history. */
export async function checkCompleteness(header: HistoryHeader, records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>, options: CheckOptions = {}) {
  return (await scanHistory(header, records, options, [completenessCheck])).findings;
}
