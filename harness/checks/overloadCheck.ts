import { buildFinding, HARNESS_LOAD_MARK, HarnessLoad, type Finding, type FindingCode } from '../../contracts/index.ts';
import type { Check, CheckFactory } from './Check.ts';
import { msBetween } from './describeFrame.ts';
import { LatencyHistogram } from './LatencyHistogram.ts';

/** A worker at or above this CPU (100 = one core) could not read its sockets as fast as they filled. */
export const SATURATED_CPU_PERCENT = 90;
/** An event-loop delay this long is an overload by itself: every deadline of the scenario is then in doubt. */
export const SEVERE_LOOP_DELAY_MS = 1000;
/** Late-frame candidates kept for the verdict at the end (only frames already past a deadline). */
const MAX_CANDIDATES = 100_000;

/** Timing findings that goldpath's own lag can cause. */
const LATE_CODES = new Set<FindingCode>(['order.gap_exceeded', 'latency.sla_exceeded']);
/** Findings that an overloaded harness makes unreliable (it may have stopped waiting, or not read in time). */
const DOUBTFUL_WHEN_OVERLOADED = new Set<FindingCode>([
  'completeness.no_run_for_request',
  'completeness.run_not_terminated',
]);

interface Sample extends HarnessLoad {
  fromMono: number;
  toMono: number;
}

interface OverloadState {
  samples: Sample[];
  late: LateFrame[];
  offsets: [number, number][];
  minOffset: number;
}

/** A frame that came after a deadline: [fromMono, toMono] is the wait, `overshootMs` how far past the deadline. */
interface LateFrame {
  seq: number;
  runId: string;
  fromMono: number;
  toMono: number;
  overshootMs: number;
  /** Our receive time minus the backend's stamp (the usual offset is taken off at the end). */
  skewMs: number | undefined;
}

/**
 * Tells goldpath's own lag from the backend's: reads the worker's `harness_load` marks (event-loop delay, CPU) and the
 * skew between the backend's stamps and our receive times. A late frame (order.gap_exceeded, latency.sla_exceeded)
 * that our event-loop delay, or our saturated worker reading it late, explains is not the backend's fault: such
 * findings are replaced by one infra.harness_overloaded (exit 3), and so are the completeness findings an overloaded
 * harness cannot vouch for. Contributes the worst interval as the scenario's harnessLoad.
 */
export const overloadCheck: CheckFactory = (ctx) => {
  const samples: Sample[] = [];
  const late: LateFrame[] = [];
  /** Our receive time minus the backend's stamp, in whole ms → frames: the skew is taken against the least at the end. */
  const offsets = new Map<number, number>();
  let minOffset = Number.POSITIVE_INFINITY;
  let previousMark = 0;
  const sla = ctx.options.startSlaMs ?? ctx.expectations.startSlaMs;

  const offsetOf = (wall: number, at: number | undefined): number | undefined => {
    if (at === undefined || !Number.isFinite(at)) return undefined;
    const offset = wall - at;
    if (offset < minOffset) minOffset = offset;
    return offset;
  };
  const addLate = (frame: LateFrame): void => {
    if (late.length < MAX_CANDIDATES) late.push(frame);
  };

  const loadDuring = (fromMono: number, toMono: number): { maxDelayMs: number; saturated: boolean } => {
    let maxDelayMs = 0;
    let saturated = false;
    for (const s of samples) {
      if (s.toMono < fromMono || s.fromMono > toMono) continue;
      maxDelayMs = Math.max(maxDelayMs, s.eventLoopMaxMs);
      if (s.cpuPercent >= SATURATED_CPU_PERCENT || s.eventLoopP99Ms >= 100) saturated = true;
    }
    return { maxDelayMs, saturated };
  };
  /** Our lag explains the frame: our loop stalled that long, or a saturated worker read it that much after its stamp. */
  const explains = (frame: LateFrame): boolean => {
    const { maxDelayMs, saturated } = loadDuring(frame.fromMono, frame.toMono);
    if (maxDelayMs >= frame.overshootMs) return true;
    return saturated && frame.skewMs !== undefined && frame.skewMs - minOffset >= frame.overshootMs;
  };

  const check: Check = {
    onMark(rec) {
      if (rec.name !== HARNESS_LOAD_MARK) return;
      const parsed = HarnessLoad.safeParse(rec.data);
      if (!parsed.success) return;
      const fromMono =
        parsed.data.intervalMs !== undefined ? Math.max(0, rec.mono - parsed.data.intervalMs * 1e6) : previousMark;
      samples.push({ ...parsed.data, fromMono, toMono: rec.mono });
      previousMark = rec.mono;
    },
    onServerFrame(obs) {
      if (obs.copy || obs.event === undefined) return;
      // every stamped frame (the welcome too) tells the usual offset between the backend's clock and ours
      const offset = offsetOf(obs.rec.wall, obs.event.at);
      if (offset !== undefined) {
        const ms = Math.round(offset);
        offsets.set(ms, (offsets.get(ms) ?? 0) + 1);
      }
      const run = obs.run;
      if (run === undefined) return;
      // open runs: when we saw their last event, and how late we read their start and terminal events
      const state = (run.overload ??= {
        lastMono: Number.NaN,
        startTaken: false,
        startSkew: undefined,
        terminalSkew: undefined,
      });
      const previous = state.lastMono;
      state.lastMono = obs.rec.mono;
      if (!Number.isNaN(previous) && !obs.resumed) {
        const gap = msBetween(previous, obs.rec.mono);
        if (gap > ctx.maxGapMs)
          addLate({
            seq: obs.rec.seq,
            runId: run.runId,
            fromMono: previous,
            toMono: obs.rec.mono,
            overshootMs: gap - ctx.maxGapMs,
            skewMs: offset,
          });
      }
      if (run.startedMono === obs.rec.mono && !state.startTaken) {
        state.startTaken = true;
        state.startSkew = offset;
      }
      if (run.terminalSeq === obs.rec.seq) state.terminalSkew = offset;
    },
    onRunEnd(run) {
      const startExcess = run.overload?.startSkew;
      const terminalExcess = run.overload?.terminalSkew;
      // the request may be linked to its run only now (by canary or in order), so the deadlines are judged here
      const request = run.request;
      if (request === undefined || run.foreign) return;
      if (run.startedMono !== undefined && sla !== undefined) {
        const ms = msBetween(request.mono, run.startedMono);
        if (ms > sla)
          addLate({
            seq: request.seq,
            runId: run.runId,
            fromMono: request.mono,
            toMono: run.startedMono,
            overshootMs: ms - sla,
            skewMs: startExcess,
          });
      }
      if (run.terminalMono !== undefined && run.terminalSeq !== undefined) {
        const ms = msBetween(request.mono, run.terminalMono);
        if (ms > ctx.runDeadlineMs)
          addLate({
            seq: run.terminalSeq,
            runId: run.runId,
            fromMono: request.mono,
            toMono: run.terminalMono,
            overshootMs: ms - ctx.runDeadlineMs,
            skewMs: terminalExcess,
          });
      }
    },
    exportState(): OverloadState {
      return { samples, late, offsets: [...offsets], minOffset };
    },
    importState(state) {
      const part = state as OverloadState;
      // the marks reach every partition alike; the frames and runs are split between them
      if (samples.length === 0) samples.push(...part.samples);
      for (const frame of part.late) addLate(frame);
      for (const [ms, n] of part.offsets) offsets.set(ms, (offsets.get(ms) ?? 0) + n);
      minOffset = Math.min(minOffset, part.minOffset);
    },
    contribute(result) {
      if (samples.length > 0) {
        const worst = samples.reduce((a, b) => (b.eventLoopP99Ms > a.eventLoopP99Ms ? b : a));
        const skew = new LatencyHistogram();
        for (const [ms, n] of offsets) skew.record(Math.max(0, ms - minOffset), n);
        const skewed = skew.percentiles();
        result.harnessLoad = {
          eventLoopP99Ms: worst.eventLoopP99Ms,
          eventLoopMaxMs: Math.max(...samples.map((s) => s.eventLoopMaxMs)),
          cpuPercent: Math.max(...samples.map((s) => s.cpuPercent)),
          users: Math.max(...samples.map((s) => s.users)),
          ...(skewed !== undefined && {
            stampSkewP99Ms: Math.round(skewed.p99),
            stampSkewMaxMs: Math.round(skewed.max),
          }),
        };
      }
      if (samples.length === 0) return;
      const explained = new Set<string>();
      for (const frame of late) if (explains(frame)) explained.add(`${frame.seq}\u0000${frame.runId}`);
      const severe = samples.some((s) => s.eventLoopMaxMs >= SEVERE_LOOP_DELAY_MS);
      const overloaded = explained.size > 0 || severe;
      if (!overloaded) return;
      const moved: Record<string, number> = {};
      const kept: Finding[] = [];
      for (const finding of result.findings) {
        const key = `${finding.frameIndex}\u0000${finding.runId}`;
        const ours =
          (LATE_CODES.has(finding.code) && (explained.has(key) || severe)) ||
          DOUBTFUL_WHEN_OVERLOADED.has(finding.code);
        if (ours) moved[finding.code] = (moved[finding.code] ?? 0) + 1;
        else kept.push(finding);
      }
      // nothing late to explain: a busy goldpath that still kept every deadline is not a finding
      if (Object.keys(moved).length === 0) return;
      const load = result.harnessLoad!;
      const instead = Object.entries(moved)
        .map(([code, n]) => `${code} ×${n}`)
        .join(', ');
      const skewText =
        load.stampSkewMaxMs !== undefined
          ? `, frames read up to ${load.stampSkewMaxMs} ms after the backend stamped them`
          : '';
      kept.push({
        ...buildFinding({
          code: 'infra.harness_overloaded',
          what: `goldpath could not keep up at ${load.users} users`,
          subject: {},
          detail: `CPU ${load.cpuPercent} %${skewText}`,
          expected: 'event-loop delay below what the deadlines allow',
          received: `p99 ${load.eventLoopP99Ms} ms, max ${load.eventLoopMaxMs} ms`,
          hint: `Use fewer users per worker, more workers or shards${instead !== '' ? ` (not reported as backend findings: ${instead})` : ''}`,
        }),
        ...(ctx.header.scenario !== undefined && { scenario: ctx.header.scenario }),
      });
      result.findings.length = 0;
      result.findings.push(...kept);
    },
  };
  return check;
};
