import type { Finding, HistoryHeader, HistoryRecord } from '../../contracts/index.ts';
import type { Check, CheckFactory, FrameObservation, OpenTool, RunView, ToolPairing } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { msBetween, msPast } from './describeFrame.ts';
import { scanHistory } from './scanHistory.ts';

interface OrderState {
  prev?: string;
  started: boolean;
  flagged: boolean;
  lastMono?: number;
  lastAt?: number;
}

/** Frame timestamps may round (float seconds, ISO milliseconds): a step back of up to this much is not a regression. */
const TIMESTAMP_TOLERANCE_MS = 1;

function toolLabel(tool: ToolPairing): string {
  return `tool ${tool.name}${tool.id !== undefined ? ` (id ${tool.id})` : ''}`;
}

/** Tool calls still open, but for those opened before the run's last interruption: their completion may have been missed. */
function openToolsOf(run: RunView): OpenTool[] {
  const open = [...run.openTools.values()].flat();
  const since = run.interruptedSeq;
  return since === undefined ? open : open.filter((t) => t.seq > since);
}

function hasOpenTool(run: RunView): boolean {
  return openToolsOf(run).length > 0;
}

/**
 * The golden-path order of each run, driven by the rules as data: the start event first and once, transitions only
 * as `follows` allows, tool starts paired with their completions (`toolPairing`), one terminal event and nothing after
 * it, timestamps that do not go back and gaps within `maxGapMs`. One finding per event at most (the most specific).
 * A run is the user's merged stream over all their sockets (copies on a second socket are skipped by the driver).
 */
export const orderCheck: CheckFactory = (ctx) => {
  const { rules } = ctx;
  const terminal = new Set(rules.terminal);
  const ruled = new Set([rules.start, ...rules.terminal, ...Object.keys(rules.follows), rules.toolPairing.open, rules.toolPairing.close]);
  const states = new Map<string, OrderState>();

  const report = (code: Finding['code'], obs: FrameObservation, runId: string, what: string, expected: string, received: string): void => {
    const { rec } = obs;
    ctx.report({ code, severity: 'error', user: rec.user, runId, frameIndex: rec.seq,
      message: `${what} in run ${runId} of user ${rec.user} at frame ${rec.seq}: expected ${expected}, received ${received}`, expected, received });
  };

  const onLate = (obs: FrameObservation): void => {
    const ended = obs.ended;
    const type = obs.event?.type;
    if (ended === undefined || type === undefined) return;
    if (terminal.has(type)) {
      report('order.duplicate_terminal', obs, ended.runId, `second terminal event ${type}`, `one terminal event (${ended.terminalType} at frame ${ended.terminalSeq})`, type);
    } else {
      report('order.event_after_terminal', obs, ended.runId, `${type} after ${ended.terminalType}`, `nothing after the terminal event at frame ${ended.terminalSeq}`, type);
    }
  };

  const onEvent = (obs: FrameObservation, run: RunView, type: string): void => {
    let state = states.get(run.key);
    if (state === undefined) {
      state = { started: false, flagged: false };
      states.set(run.key, state);
    }
    const { rec } = obs;
    // after a reconnect the events sent while the user had no socket are missing: no gap, transition or start to check here
    const resumed = obs.resumed;
    if (state.lastMono !== undefined && !resumed) {
      const gap = msBetween(state.lastMono, rec.mono);
      if (gap > ctx.maxGapMs) report('order.gap_exceeded', obs, run.runId, `gap of ${msPast(gap, ctx.maxGapMs)} ms before ${type}`, `at most ${ctx.maxGapMs} ms between events`, `${msPast(gap, ctx.maxGapMs)} ms`);
    }
    state.lastMono = rec.mono;
    const at = obs.event?.at;
    if (at !== undefined) {
      if (state.lastAt !== undefined && at < state.lastAt - TIMESTAMP_TOLERANCE_MS) {
        report('order.timestamp_regression', obs, run.runId, `timestamp of ${type} goes back ${Math.round(state.lastAt - at)} ms`,
          `at or after ${new Date(state.lastAt).toISOString()}`, new Date(at).toISOString());
      }
      state.lastAt = Math.max(at, state.lastAt ?? at);
    }
    if (!ruled.has(type)) return;
    if (resumed) {
      state.prev = undefined;
      if (!state.started && type !== rules.start) state.started = true;
    }
    const tool = obs.tool;
    if (type === rules.start) {
      if (state.started) report('order.duplicate_started', obs, run.runId, `second ${type}`, `one ${type}`, `${type} again`);
      state.started = true;
    } else if (!state.started) {
      if (state.flagged) {
        // one finding per run for a missing start
      } else if (terminal.has(type)) report('order.completed_before_started', obs, run.runId, `${type} before ${rules.start}`, `${rules.start} first`, type);
      else report('order.started_not_first', obs, run.runId, `${type} before ${rules.start}`, `${rules.start} first`, type);
      state.flagged = true;
    } else if (tool?.kind === 'duplicate_open') {
      report('order.duplicate_tool_start', obs, run.runId, `second ${type} for ${toolLabel(tool)}`, `one ${type} per tool call (the first at frame ${tool.first.seq})`, `${type} again`);
    } else if (tool?.kind === 'unmatched_close') {
      if (tool.already) report('order.illegal_transition', obs, run.runId, `second ${type} for ${toolLabel(tool)}`, `one ${type} per ${rules.toolPairing.open}`, `${type} again`);
      // in an interrupted run its start may have been among the missed events
      else if (run.interruptedSeq === undefined) report('order.illegal_transition', obs, run.runId, `${type} before its ${rules.toolPairing.open} for ${toolLabel(tool)}`, `${rules.toolPairing.open} first`, type);
    } else if (terminal.has(type) && run.openTools.size > 0 && hasOpenTool(run)) {
      const open = openToolsOf(run);
      const names = open.map((t) => `${t.name}${t.id !== undefined ? ` (id ${t.id})` : ''} from frame ${t.seq}`).join(', ');
      report('order.tool_left_open', obs, run.runId, `${type} while a tool call is open`, `${rules.toolPairing.close} for ${names}`, type);
    } else if (state.prev !== undefined) {
      const allowed = rules.follows[state.prev];
      if (allowed !== undefined && !allowed.includes(type)) {
        report('order.illegal_transition', obs, run.runId, `${type} after ${state.prev}`, allowed.length > 0 ? `one of ${allowed.join(', ')}` : `nothing after ${state.prev}`, type);
      }
    }
    state.prev = type;
  };

  const check: Check = {
    onServerFrame(obs) {
      if (obs.late === true) return onLate(obs);
      const run = obs.run;
      if (run === undefined || run.foreign || obs.copy || obs.event === undefined) return;
      onEvent(obs, run, obs.event.type);
    },
    onRunEnd(run) {
      states.delete(run.key);
    },
  };
  return check;
};

/** The order check alone over a history. */
export async function checkOrder(header: HistoryHeader, records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>, options: CheckOptions = {}) {
  return (await scanHistory(header, records, options, [orderCheck])).findings;
}
