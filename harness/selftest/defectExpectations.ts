import type { DefectName } from '../../reference/defects/defectCatalog.ts';

/** How the self-test proves that the harness catches one defect of the reference backend. */
export interface DefectExpectation {
  readonly defect: DefectName;
  /** The defect as the backend is started with it (`slow-factory:300`); default the name. */
  readonly spec?: string;
  /** Scenarios of the default suite that provoke it (a runSuite `scenario` regex over titles and files). */
  readonly scenario: string;
  /** Simulated users of the load scenarios: small, the defect strikes every run. */
  readonly users?: number;
  /**
   * Detected when at least one finding has one of these codes (`group.*` matches a whole group). `baseline:latency`
   * means a latency regression against a baseline of the clean backend learnt on the same scenarios.
   */
  readonly codes: readonly string[];
  /** Why these scenarios and codes (shown in the matrix). */
  readonly why: string;
  /** A known gap of the checks: why the expected code does not (yet) appear, for the report. */
  readonly gap?: string;
  /** The contract mode the run needs: `strict` (`--contract strict`) for placement defects the lenient reader forgives. */
  readonly contract?: 'strict';
}

/** The latency-regression pseudo code: the run is compared with a baseline of the clean backend. */
export const BASELINE_LATENCY = 'baseline:latency';

const GOLDEN = 'golden path for one user';
const CONCURRENT = 'concurrent users each get';

/**
 * One entry per defect of DEFECT_CATALOG (the Record type and a unit test keep it complete).
 * @example DEFECT_EXPECTATIONS['drop-thinking'].codes // ['completeness.missing_event_type']
 */
export const DEFECT_EXPECTATIONS: { readonly [D in DefectName]: DefectExpectation & { readonly defect: D } } = {
  'singleton-router': {
    defect: 'singleton-router',
    scenario: CONCURRENT,
    users: 4,
    codes: ['isolation.foreign_canary', 'isolation.foreign_user_id'],
    why: "later users' requests run in the first user's context: their canaries reach the first user's socket",
  },
  'shared-emitter': {
    defect: 'shared-emitter',
    scenario: CONCURRENT,
    users: 4,
    codes: ['isolation.foreign_canary', 'isolation.foreign_user_id'],
    why: 'runs stream to the last registered socket: needs two users connected at once',
  },
  'thread-as-user': {
    defect: 'thread-as-user',
    scenario: GOLDEN,
    codes: ['completeness.no_run_for_request'],
    why: 'events are delivered nowhere: the request gets no run',
  },
  'emitter-no-manager': {
    defect: 'emitter-no-manager',
    scenario: GOLDEN,
    codes: ['completeness.no_run_for_request'],
    why: 'the engine runs but emits nothing: the request gets no run',
  },
  'drop-thinking': {
    defect: 'drop-thinking',
    scenario: GOLDEN,
    codes: ['completeness.missing_event_type'],
    why: 'a required event type never arrives',
  },
  'reorder-tool-events': {
    defect: 'reorder-tool-events',
    scenario: 'a run with three tools',
    codes: ['order.illegal_transition'],
    why: 'tool_completed before its tool_executing is an illegal transition (order.completed_before_started is about agent_started)',
  },
  'missing-agent-completed': {
    defect: 'missing-agent-completed',
    scenario: GOLDEN,
    codes: ['completeness.run_not_terminated'],
    why: 'no agent ends its span: the run never reaches a terminal event',
  },
  'duplicate-agent-completed': {
    defect: 'duplicate-agent-completed',
    scenario: GOLDEN,
    codes: ['order.duplicate_terminal'],
    why: 'a second agent_completed of the Supervisor, after the run ended',
  },
  'late-agent-started': {
    defect: 'late-agent-started',
    scenario: GOLDEN,
    codes: ['order.started_not_first'],
    why: "the Supervisor's agent_thinking before its agent_started opens the run",
  },
  'context-reuse': {
    defect: 'context-reuse',
    scenario: 'a follow-up user_message in the same thread',
    codes: ['isolation.stale_canary'],
    why: "the same user's second request is answered by the first run's engine: the ended run speaks again after a newer request",
  },
  'engine-leak': {
    defect: 'engine-leak',
    scenario: 'after runs, rejections and disconnects',
    codes: ['resources.engines_not_released'],
    why: 'the cleanup probe reads active_engines_count before and after',
  },
  'limit-bypass': {
    defect: 'limit-bypass',
    scenario: 'a third concurrent agent of one user',
    codes: ['resources.limit_rejections_mismatch', 'completeness.*'],
    why: 'the scenario expects one ENGINE_LIMIT_EXCEEDED rejection; none comes',
  },
  'slow-factory': {
    defect: 'slow-factory',
    spec: 'slow-factory:150',
    scenario: `${GOLDEN}|${CONCURRENT}`,
    users: 8,
    codes: [BASELINE_LATENCY],
    why: 'only slower: engine_creation percentiles against a baseline of the clean backend',
  },
  'schema-drift': {
    defect: 'schema-drift',
    scenario: GOLDEN,
    codes: ['contract.schema_mismatch'],
    why: 'tool_completed carries result instead of results',
  },
  'foreign-user-id': {
    defect: 'foreign-user-id',
    scenario: CONCURRENT,
    users: 4,
    codes: ['isolation.foreign_user_id'],
    why: "events stamped with another connected user's id: needs two users connected at once",
  },
  'cross-user-cache': {
    defect: 'cross-user-cache',
    scenario: CONCURRENT,
    users: 4,
    codes: ['isolation.foreign_canary'],
    why: 'needs two users asking a similar question (the cache key drops ids and numbers): concurrent users ask "Question n from <user>: what changed this week?"',
  },
  'router-socket-overwritten': {
    defect: 'router-socket-overwritten',
    scenario: CONCURRENT,
    users: 4,
    codes: ['isolation.foreign_user_id', 'isolation.foreign_canary'],
    why: "the Supervisor's frames, stamped with the sender's id and quoting its request, reach the user who connected last",
  },
  'bridge-addressed-by-run-id': {
    defect: 'bridge-addressed-by-run-id',
    scenario: GOLDEN,
    codes: ['order.event_after_terminal', 'order.duplicate_started'],
    why: 'without the Supervisor the first sub-agent opens the run and its end ends it: the next sub-agents speak after the end',
  },
  'emit-context-thread-as-user': {
    defect: 'emit-context-thread-as-user',
    scenario: GOLDEN,
    codes: ['completeness.run_not_terminated', 'completeness.missing_event_type'],
    why: 'the Supervisor opens the run but neither thinks nor completes: the root span never ends',
  },
  'thinking-sent-as-reasoning': {
    defect: 'thinking-sent-as-reasoning',
    scenario: GOLDEN,
    codes: ['contract.unknown_event', 'completeness.missing_event_type'],
    why: 'a frame of type "reasoning" is unknown, and the sub-agents send no agent_thinking',
  },
  'tool-completed-without-results': {
    defect: 'tool-completed-without-results',
    scenario: GOLDEN,
    codes: ['contract.schema_mismatch'],
    why: 'a tool_completed must carry its result somewhere',
  },
  'tool-name-only-nested': {
    defect: 'tool-name-only-nested',
    scenario: GOLDEN,
    contract: 'strict',
    codes: ['contract.field_misplaced'],
    why: 'tool_name only under data: the lenient reader finds it, the frontend (which reads the top level) does not; only --contract strict reports the placement',
  },
  'tool-args-swapped': {
    defect: 'tool-args-swapped',
    scenario: GOLDEN,
    codes: ['order.illegal_transition', 'order.tool_left_open'],
    why: 'tool_completed names the agent, not the tool: pairing by tool name leaves the tool open and completes one never started',
  },
  'router-arity-closes-socket': {
    defect: 'router-arity-closes-socket',
    scenario: GOLDEN,
    codes: ['completeness.closed_mid_run'],
    why: 'the socket closes with 1000 on its first message, while its request has no run yet',
  },
  'shared-agent-state': {
    defect: 'shared-agent-state',
    scenario: CONCURRENT,
    users: 4,
    codes: ['isolation.foreign_canary'],
    why: "each report merges the requests of earlier runs, so one user's canary reaches the next user's report",
  },
};
