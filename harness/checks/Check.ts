import type {
  CanonicalEvent,
  CloseRecord,
  ErrorRecord,
  Finding,
  ReadFrame,
  GoldenPathRules,
  HistoryHeader,
  MarkRecord,
  MetricsRecord,
  OpenRecord,
  ResolvedExpectations,
} from '../../contracts/index.ts';
import type { CheckOptions, CheckResult } from './CheckOptions.ts';
import type { EventCopies } from './EventCopies.ts';
import type { RunTypes } from './RunTypes.ts';

/** What every check can read: resolved rules and expectations, and where to report. */
export interface ScanContext {
  header: HistoryHeader;
  rules: GoldenPathRules;
  expectations: ResolvedExpectations;
  /** The effective limits: expectations first, then the rules. */
  maxGapMs: number;
  runDeadlineMs: number;
  options: CheckOptions;
  window: number;
  report(finding: Finding): void;
  /** Distinct run ids that showed the rules' start event (for the resources check). */
  readonly runsStarted: number;
  /** The request whose out frame carried a canary (within the window). */
  canaryOwner(canary: string): RequestState | undefined;
}

/** A run that ended, remembered (within the window) so later events of it are recognised as late. */
export interface EndedRun {
  runId: string;
  user: string;
  terminalType: string;
  terminalSeq: number;
  /** The agent of its root span, when it had one. */
  rootName?: string | undefined;
  /** Kept only while the user has another socket open: tells the copies still on their way there from late events. */
  copies?: EventCopies;
}

/** One request a simulated user sent (an out frame of type start_agent or user_message). */
export interface RequestState {
  seq: number;
  mono: number;
  user: string;
  conn: string;
  type: string;
  canaries: string[];
  /** The run that answered it, once known. */
  runId?: string;
  /** How it was answered: by a run, or by an error frame (allowed code → rejected). */
  outcome?: 'run' | 'rejected' | 'error';
  /** Its socket closed before any answer: the start of its run may have been missed. */
  interrupted?: boolean;
}

/** A tool start waiting for its completion. */
export interface OpenTool {
  seq: number;
  mono: number;
  name: string;
  id?: string;
}

/**
 * One agent's part of a run, from its agent_started to its agent_completed / agent_error (rules.spans). The root span
 * is the run's first; the run ends when it closes. Frames of a run before any span opened (or after a reconnect that
 * lost the start) belong to the run's `outside` span, which no start opened.
 */
export interface SpanView {
  /** The agent that opened it (undefined when its start named none). */
  name: string | undefined;
  parent: SpanView | undefined;
  /** Seq of its agent_started (of its first frame, for `outside`). */
  startSeq: number;
  /** Seq and type of the event that closed it (also set when an outer span's end closed it). */
  endSeq?: number;
  endType?: string;
  /** No start opened it: the frames of its run outside every span. */
  outside: boolean;
  /** Bit i set: the span showed rules.spans.required[i]. */
  requiredSeen: number;
  /** Shape tokens of its own events, and its child spans where they began. */
  tokens: (string | SpanView)[];
  openTools: Map<string, OpenTool[]>;
  /** Call ids already completed (created at the first). */
  closedTools: Set<string> | undefined;
  /** It has child spans among its tokens. */
  nested: boolean;
  /** The order check's last ruled event type of this span. */
  prev?: string;
}

/** How a frame related to the spans of its run (set by the driver; undefined for an ordinary frame of its span). */
export type SpanEvent =
  /** an agent_started that opened `span` */
  | 'open'
  /** an agent_started of an agent whose span is still open */
  | 'duplicate_open'
  /** a terminal event that closed `span` (and every span still open inside it: `leftOpen`) */
  | 'close'
  /** a terminal event of an agent that has no open span (`closedBefore`: its last span, if it had one) */
  | 'orphan_close'
  /** a frame of an agent whose span already ended (`closedBefore`), while others are open */
  | 'after_end';

/**
 * One run of one user: the events of a run id on all of that user's sockets, merged. A copy of an event on a second
 * socket is not a second event, and a run that goes on over a new socket after a reconnect is still one run.
 * It lives until its terminal event, then the checks fold it into counters and it is dropped.
 */
export interface RunView {
  /** user + run id */
  key: string;
  runId: string;
  user: string;
  /** The socket of its first event. */
  conn: string;
  /** Every socket that delivered some of it (conn first). */
  conns: string[];
  threadId?: string;
  /** The frame that gave it its thread id. */
  threadSeq?: number;
  request?: RequestState;
  firstSeq: number;
  firstMono: number;
  lastSeq: number;
  lastMono: number;
  startedMono?: number;
  terminalSeq?: number;
  terminalMono?: number;
  terminalType?: string;
  /** error_code (or error_type) of an agent_error that ended the run. */
  errorCode?: string;
  events: number;
  types: RunTypes;
  /** Shape tokens of frames outside every span, and the root span where it began (see runShape). */
  tokens: (string | SpanView)[];
  /** Its first span; undefined until an agent_started (or for a run that never had one). */
  root?: SpanView;
  /** Open spans, outermost first. */
  open: SpanView[];
  /** Frames outside every span (created when the first one arrives). */
  outside?: SpanView;
  /** The last closed span of each agent but the root (created when the first one closes). */
  closed?: Map<string, SpanView>;
  /** Its first event was addressed to another user or carried another user's canary: a leak, not this user's run. */
  foreign: boolean;
  /**
   * A socket that carried it closed before its terminal event (or its request's socket closed before any answer):
   * the backend does not replay, so events sent meanwhile may be missing. Seq of the last such close, else undefined.
   */
  interruptedSeq?: number;
  /** The next event is the first after an interruption. */
  resumePending: boolean;
  /** Which of its events arrived on which socket (to skip copies). */
  copies: EventCopies;
  /** The order check's state of this run (from its first event): held here, not in a map looked up per event. */
  order: OrderRunState | undefined;
  /** The overload check's state of this run (from its first stamped event). */
  overload: OverloadRunState | undefined;
}

/**
 * What the order check keeps of one run. The times are NaN until the first (a number from the start, so that
 * updating one per event allocates nothing).
 */
export interface OrderRunState {
  started: boolean;
  flagged: boolean;
  lastMono: number;
  lastAt: number;
}

/** What the overload check keeps of one run: when it saw its last event, and how late it read its start and end. */
export interface OverloadRunState {
  /** NaN until its first event (see OrderRunState). */
  lastMono: number;
  /** The skew of its start event was taken (it may be undefined: the event had no stamp). */
  startTaken: boolean;
  startSkew: number | undefined;
  terminalSkew: number | undefined;
}

/** What a socket carried unfinished when it closed. */
export interface SocketCut {
  requests: RequestState[];
  runs: RunView[];
}

/** How a tool event was paired by the driver (rules.toolPairing). */
export type ToolPairing =
  | { kind: 'open'; id?: string; name: string }
  | { kind: 'duplicate_open'; id: string; name: string; first: OpenTool }
  | { kind: 'close'; id?: string; name: string; open: OpenTool }
  | { kind: 'unmatched_close'; id?: string; name: string; already: boolean };

/** One frame, parsed once by the driver and handed to every check. */
export interface FrameObservation {
  rec: ReadFrame;
  /** The effective parse result: 'json' only when the text really parsed. */
  parse: 'json' | 'invalid_json' | 'binary';
  /** Why the dialect could not map the frame to a canonical event. */
  dialectError?: string;
  /** The parsed JSON (undefined for binary or invalid JSON). */
  json?: unknown;
  /** The canonical event of an in frame (undefined when unmappable). */
  event?: CanonicalEvent;
  /** Distinct canaries in the frame text. */
  canaries: string[];
  /** The run this in frame belongs to. */
  run?: RunView;
  /** A copy, on another socket of the same user, of an event the run already showed: not a new event of the run. */
  copy: boolean;
  /** The first event of its run after an interruption (a closed socket): what came before it may be missing. */
  resumed: boolean;
  /** The event came after its run's terminal event. */
  late?: boolean;
  /** The run it belongs to, which already ended (set with `late`). */
  ended?: EndedRun;
  tool?: ToolPairing;
  /** The span of its run this in frame belongs to (for `close`: the span it closed). */
  span?: SpanView;
  spanEvent?: SpanEvent;
  /** Spans still open inside the span this frame closed: closed with it, never by their own end. */
  leftOpen?: SpanView[];
  /** For `orphan_close` and `after_end`: the last span of the frame's agent, which already ended. */
  closedBefore?: SpanView;
  /** For an out request frame. */
  request?: RequestState;
  /** The error code of an error frame (error_message, error, agent_error). */
  errorCode?: string;
  /** The request an error frame without a run answers (oldest unanswered on the socket). */
  answers?: RequestState;
}

/**
 * A check is a handful of hooks the driver calls in one pass over a history, then `finish()`.
 * A check keeps only per-open-run state and counters.
 */
export interface Check {
  onOpen?(rec: OpenRecord): void;
  onRequest?(obs: FrameObservation & { request: RequestState }): void;
  /** Every server → client frame, after the driver parsed and correlated it. */
  onServerFrame?(obs: FrameObservation): void;
  /** A run ended (terminal event) or the history ended with it open. */
  onRunEnd?(run: RunView, ended: 'terminal' | 'open'): void;
  /** A request got no run and no error answer by the end of the history. */
  onUnansweredRequest?(request: RequestState): void;
  /** A socket closed; `cut` holds what it carried unfinished: requests without a run yet and runs still open. */
  onClose?(rec: CloseRecord, cut: SocketCut): void;
  onError?(rec: ErrorRecord): void;
  onMetrics?(rec: MetricsRecord): void;
  /** A scenario's or the runner's annotation (e.g. `resources_not_checked`, an auth probe saying what it sends). */
  onMark?(rec: MarkRecord): void;
  finish?(): void;
  /** Extra output folded into the result. */
  contribute?(result: CheckResult): void;
  /**
   * A check whose verdict needs every user (counts over all users, percentiles, the harness's load) gives what it
   * gathered over one partition of the users (structured-cloneable), instead of finishing there...
   */
  exportState?(): unknown;
  /** ...and the check that finishes takes in each partition's, in partition order, before its finish(). */
  importState?(state: unknown): void;
}

export type CheckFactory = (ctx: ScanContext) => Check;
