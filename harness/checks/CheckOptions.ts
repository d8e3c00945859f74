import type {
  ContractMode,
  Expectations,
  Finding,
  GoldenPathRules,
  HarnessLoad,
  LatencyName,
  NotChecked,
  Percentiles,
  PlacementRules,
} from '../../contracts/index.ts';

export interface CheckOptions {
  /** Ordering rules; defaults to DEFAULT_GOLDEN_PATH_RULES. */
  rules?: GoldenPathRules;
  /** 'strict' also reports fields found only away from where a client reads them (contract.field_misplaced). Default 'lenient'. */
  contract?: ContractMode;
  /** Where strict placement expects fields; defaults to DEFAULT_PLACEMENT_RULES. */
  placement?: PlacementRules;
  /** What a server frame of a type the contracts do not know becomes (default 'warn'). */
  unknownEvents?: 'ignore' | 'warn' | 'error';
  /** Replaces the expectations of the history header. */
  expectations?: Expectations;
  /** request → agent_started above this is latency.sla_exceeded (a warning when set only here; see latencyCheck). */
  startSlaMs?: number;
  /**
   * How many finished runs, requests' canaries, run ids and thread ids the isolation and order checks remember after
   * they end (default 50,000 each). Memory is bounded by open runs plus this window, whatever the history length.
   */
  window?: number;
}

export interface CheckStats {
  users: number;
  connections: number;
  requests: number;
  runs: number;
  runsCompleted: number;
  events: number;
  frames: number;
}

/** How the recording ended, and what it could not show because it stopped early. */
export interface RecordingEnd {
  /** closed: an end record after a clean close; interrupted: an end record written on a stop signal; cut_off: none. */
  ended: 'closed' | 'interrupted' | 'cut_off';
  /** Records after the header. */
  records: number;
  /** Runs still open when the recording stopped: not observed to the end, so not held to their end. */
  runsNotObserved: number;
  /** Requests with no run yet when the recording stopped. */
  requestsNotObserved: number;
}

export interface CheckResult {
  /** Present when the history's writer ends it with an end record (see HistoryHeader.endRecord). */
  recording?: RecordingEnd;
  findings: Finding[];
  stats: CheckStats;
  latency: Partial<Record<LatencyName, Percentiles>>;
  /** Run shape → how many runs had it, e.g. "S T X:search C:search T D". */
  shapes: Record<string, number>;
  /** after − before of numeric factory metrics, when the history has both snapshots. */
  metricsDelta?: Record<string, number>;
  /** goldpath's own load while recording (its worst interval), when the history has harness_load marks. */
  harnessLoad?: HarnessLoad;
  /** Checks that could not run over this history, and why (a missing metrics snapshot, ...). */
  notChecked?: NotChecked[];
}
