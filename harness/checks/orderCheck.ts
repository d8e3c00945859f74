import { buildFinding, type FindingCode, type HistoryHeader, type HistoryRecord } from '../../contracts/index.ts';
import type { Check, CheckFactory, FrameObservation, OpenTool, RunView, SpanView, ToolPairing } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { msBetween, msPast } from './describeFrame.ts';
import { ruledTypes } from './RunTypes.ts';
import { scanHistory } from './scanHistory.ts';

/** Frame timestamps may round (float seconds, ISO milliseconds): a step back of up to this much is not a regression. */
const TIMESTAMP_TOLERANCE_MS = 1;

function toolLabel(tool: ToolPairing): string {
  return `tool ${tool.name}${tool.id !== undefined ? ` (id ${tool.id})` : ''}`;
}

/** Tool calls of a span still open, but for those opened before the run's last interruption: their completion may have been missed. */
function openToolsOf(span: SpanView, run: RunView): OpenTool[] {
  const open = [...span.openTools.values()].flat();
  const since = run.interruptedSeq;
  return since === undefined ? open : open.filter((t) => t.seq > since);
}

/** The agent of a span below the root, named in the finding (the root's is left out: a one-agent run reads as before). */
function agentOf(span: SpanView): string | undefined {
  return span.parent !== undefined ? (span.name ?? '(unnamed)') : undefined;
}

/**
 * The golden-path order of each run, driven by the rules as data, per agent span: the start event first and once,
 * transitions between the span's own events only as `follows` allows, tool starts paired with their completions within
 * the span (`toolPairing`), inner spans closed before it (order.span_left_open), nothing of its agent after its end;
 * per run: one root terminal event and nothing after it, timestamps that do not go back and gaps within `maxGapMs`.
 * One finding per event at most (the most specific). A run is the user's merged stream over all their sockets (copies
 * on a second socket are skipped by the driver).
 */
export const orderCheck: CheckFactory = (ctx) => {
  const { rules } = ctx;
  const terminal = new Set(rules.terminal);
  const ruled = ruledTypes(rules);

  const report = (
    code: FindingCode,
    obs: FrameObservation,
    runId: string,
    what: string,
    expected: string,
    received: string,
    agent?: string,
  ): void => {
    const { rec } = obs;
    ctx.report(
      buildFinding({ code, what, subject: { agent, runId, user: rec.user, frameIndex: rec.seq }, expected, received }),
    );
  };

  const onLate = (obs: FrameObservation): void => {
    const ended = obs.ended;
    const event = obs.event;
    if (ended === undefined || event === undefined) return;
    const type = event.type;
    // a terminal of another agent after the root's end is an event after the run, not a second end of it
    const ofRoot = event.agentName === undefined || ended.rootName === undefined || event.agentName === ended.rootName;
    if (terminal.has(type) && ofRoot) {
      report(
        'order.duplicate_terminal',
        obs,
        ended.runId,
        `second terminal event ${type}`,
        `one terminal event (${ended.terminalType} at frame ${ended.terminalSeq})`,
        type,
      );
    } else {
      report(
        'order.event_after_terminal',
        obs,
        ended.runId,
        ofRoot ? `${type} after ${ended.terminalType}` : `${type} after the run's ${ended.terminalType}`,
        `nothing after the terminal event at frame ${ended.terminalSeq}`,
        type,
        ofRoot ? undefined : event.agentName,
      );
    }
  };

  const transition = (obs: FrameObservation, run: RunView, span: SpanView, type: string): void => {
    const prev = span.prev;
    if (prev === undefined) return;
    const allowed = rules.follows[prev];
    if (allowed !== undefined && !allowed.includes(type)) {
      report(
        'order.illegal_transition',
        obs,
        run.runId,
        `${type} after ${prev}`,
        allowed.length > 0 ? `one of ${allowed.join(', ')}` : `nothing after ${prev}`,
        type,
        agentOf(span),
      );
    }
  };

  /** A terminal event that closed its span: inner spans still open, then tools still open, then the transition. */
  const onClose = (obs: FrameObservation, run: RunView, span: SpanView, type: string): void => {
    const since = run.interruptedSeq;
    const left =
      obs.leftOpen === undefined
        ? undefined
        : obs.leftOpen.filter((inner) => since === undefined || inner.startSeq > since);
    if (left !== undefined && left.length > 0) {
      const names = left.map((inner) => `${inner.name ?? '(unnamed)'} from frame ${inner.startSeq}`).join(', ');
      report(
        'order.span_left_open',
        obs,
        run.runId,
        `${type} while an agent inside it is still running`,
        `${rules.terminal.join(' or ')} of ${names}`,
        type,
        agentOf(span),
      );
      return;
    }
    const open = span.openTools.size > 0 ? openToolsOf(span, run) : [];
    if (open.length > 0) {
      const names = open
        .map((t) => `${t.name}${t.id !== undefined ? ` (id ${t.id})` : ''} from frame ${t.seq}`)
        .join(', ');
      report(
        'order.tool_left_open',
        obs,
        run.runId,
        `${type} while a tool call is open`,
        `${rules.toolPairing.close} for ${names}`,
        type,
        agentOf(span),
      );
      return;
    }
    transition(obs, run, span, type);
  };

  const onEvent = (obs: FrameObservation, run: RunView, type: string): void => {
    const state = (run.order ??= { started: false, flagged: false, lastMono: Number.NaN, lastAt: Number.NaN });
    const { rec } = obs;
    // after a reconnect the events sent while the user had no socket are missing: no gap, transition or start to check here
    const resumed = obs.resumed;
    if (!Number.isNaN(state.lastMono) && !resumed) {
      const gap = msBetween(state.lastMono, rec.mono);
      if (gap > ctx.maxGapMs)
        report(
          'order.gap_exceeded',
          obs,
          run.runId,
          `gap of ${msPast(gap, ctx.maxGapMs)} ms before ${type}`,
          `at most ${ctx.maxGapMs} ms between events`,
          `${msPast(gap, ctx.maxGapMs)} ms`,
        );
    }
    state.lastMono = rec.mono;
    const at = obs.event?.at;
    if (at !== undefined) {
      if (!Number.isNaN(state.lastAt) && at < state.lastAt - TIMESTAMP_TOLERANCE_MS) {
        report(
          'order.timestamp_regression',
          obs,
          run.runId,
          `timestamp of ${type} goes back ${Math.round(state.lastAt - at)} ms`,
          `at or after ${new Date(state.lastAt).toISOString()}`,
          new Date(at).toISOString(),
        );
      }
      state.lastAt = Number.isNaN(state.lastAt) ? at : Math.max(at, state.lastAt);
    }
    const span = obs.span;
    if (!ruled.has(type) || span === undefined) return;
    if (resumed) {
      span.prev = undefined;
      if (!state.started && type !== rules.start) state.started = true;
    }
    const tool = obs.tool;
    const spanEvent = obs.spanEvent;
    if (spanEvent === 'duplicate_open') {
      report(
        'order.duplicate_started',
        obs,
        run.runId,
        `second ${type}`,
        `one ${type}`,
        `${type} again`,
        agentOf(span),
      );
    } else if (spanEvent === 'open') {
      state.started = true;
    } else if (span.outside && !state.started) {
      if (state.flagged) {
        // one finding per run for a missing start
      } else if (terminal.has(type))
        report(
          'order.completed_before_started',
          obs,
          run.runId,
          `${type} before ${rules.start}`,
          `${rules.start} first`,
          type,
        );
      else
        report(
          'order.started_not_first',
          obs,
          run.runId,
          `${type} before ${rules.start}`,
          `${rules.start} first`,
          type,
        );
      state.flagged = true;
    } else if (spanEvent === 'after_end') {
      const before = obs.closedBefore!;
      report(
        'order.event_after_terminal',
        obs,
        run.runId,
        `${type} after its ${before.endType ?? 'end'}`,
        `nothing of agent ${before.name ?? '(unnamed)'} after its end at frame ${before.endSeq ?? before.startSeq}`,
        type,
        before.name ?? '(unnamed)',
      );
      return;
    } else if (spanEvent === 'orphan_close') {
      // in an interrupted run its start may have been among the missed events
      if (run.interruptedSeq !== undefined) return;
      const before = obs.closedBefore;
      const name = obs.event?.agentName ?? '(unnamed)';
      if (before !== undefined) {
        report(
          'order.duplicate_terminal',
          obs,
          run.runId,
          `second terminal event ${type}`,
          `one terminal event (${before.endType ?? type} at frame ${before.endSeq ?? before.startSeq})`,
          type,
          name,
        );
      } else
        report(
          'order.completed_before_started',
          obs,
          run.runId,
          `${type} before its ${rules.start}`,
          `${rules.start} of agent ${name} first`,
          type,
          name,
        );
      return;
    } else if (tool?.kind === 'duplicate_open') {
      report(
        'order.duplicate_tool_start',
        obs,
        run.runId,
        `second ${type} for ${toolLabel(tool)}`,
        `one ${type} per tool call (the first at frame ${tool.first.seq})`,
        `${type} again`,
      );
    } else if (tool?.kind === 'unmatched_close') {
      if (tool.already)
        report(
          'order.illegal_transition',
          obs,
          run.runId,
          `second ${type} for ${toolLabel(tool)}`,
          `one ${type} per ${rules.toolPairing.open}`,
          `${type} again`,
        );
      // in an interrupted run its start may have been among the missed events
      else if (run.interruptedSeq === undefined)
        report(
          'order.illegal_transition',
          obs,
          run.runId,
          `${type} before its ${rules.toolPairing.open} for ${toolLabel(tool)}`,
          `${rules.toolPairing.open} first`,
          type,
        );
    } else if (spanEvent === 'close' || (span.outside && terminal.has(type))) {
      onClose(obs, run, span, type);
    } else {
      transition(obs, run, span, type);
    }
    span.prev = type;
  };

  const check: Check = {
    onServerFrame(obs) {
      if (obs.late === true) return onLate(obs);
      const run = obs.run;
      if (run === undefined || run.foreign || obs.copy || obs.event === undefined) return;
      onEvent(obs, run, obs.event.type);
    },
  };
  return check;
};

/** The order check alone over a history. */
export async function checkOrder(
  header: HistoryHeader,
  records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>,
  options: CheckOptions = {},
) {
  return (await scanHistory(header, records, options, [orderCheck])).findings;
}
