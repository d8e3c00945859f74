import type {
  CanonicalEvent,
  CloseRecord,
  ErrorRecord,
  Finding,
  FrameRecord,
  GoldenPathRules,
  HistoryHeader,
  MetricsRecord,
  OpenRecord,
  ResolvedExpectations,
} from '../../contracts/index.ts';
import type { CheckOptions } from './CheckOptions.ts';

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
}

/** A tool start waiting for its completion. */
export interface OpenTool {
  seq: number;
  mono: number;
  name: string;
  id?: string;
}

/**
 * One run as one socket saw it (events of a run id on one connection). It lives until its terminal event,
 * then the checks fold it into counters and it is dropped.
 */
export interface RunView {
  key: string;
  runId: string;
  user: string;
  conn: string;
  threadId?: string;
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
  types: Set<string>;
  shape: string[];
  openTools: Map<string, OpenTool[]>;
  closedTools: Set<string>;
  /** Its first event was addressed to another user or carried another user's canary: a leak, not this user's run. */
  foreign: boolean;
}

/** How a tool event was paired by the driver (rules.toolPairing). */
export type ToolPairing =
  | { kind: 'open'; id?: string; name: string }
  | { kind: 'duplicate_open'; id: string; name: string; first: OpenTool }
  | { kind: 'close'; id?: string; name: string; open: OpenTool }
  | { kind: 'unmatched_close'; id?: string; name: string; already: boolean };

/** One frame, parsed once by the driver and handed to every check. */
export interface FrameObservation {
  rec: FrameRecord;
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
  /** The event came after its run's terminal event. */
  late?: boolean;
  /** The run it belongs to, which already ended (set with `late`). */
  ended?: EndedRun;
  tool?: ToolPairing;
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
  onClose?(rec: CloseRecord): void;
  onError?(rec: ErrorRecord): void;
  onMetrics?(rec: MetricsRecord): void;
  finish?(): void;
  /** Extra output folded into the result. */
  contribute?(result: import('./CheckOptions.ts').CheckResult): void;
}

export type CheckFactory = (ctx: ScanContext) => Check;
