/**
 * Every switchable defect of the reference backend, each modelled on a real bug. `pipelineOnly` defects need the
 * supervisor pipeline (agentShape "pipeline"); `perConnection` defects strike a socket, drawn at its first frame.
 */
export const DEFECT_CATALOG = [
  {
    name: 'singleton-router',
    description:
      "one process-wide message handler, first registered wins: later users' requests run in the first user's context and stream to the first user's socket",
  },
  {
    name: 'shared-emitter',
    description: "one emitter shared by all engines: every run's events go to whichever socket registered last",
  },
  {
    name: 'thread-as-user',
    description: 'events are routed by treating thread_id as a user id, so they are delivered nowhere',
  },
  {
    name: 'emitter-no-manager',
    description:
      'the factory hands its emitters an object that cannot emit: runs complete, the five events never arrive',
  },
  { name: 'drop-thinking', description: "agent_thinking events are never sent (the Supervisor's nor the sub-agents')" },
  { name: 'reorder-tool-events', description: 'tool_completed is sent before its tool_executing' },
  { name: 'missing-agent-completed', description: 'agent_completed is never sent (by no agent of the run)' },
  { name: 'duplicate-agent-completed', description: 'the agent_completed that ends the run is sent twice' },
  { name: 'late-agent-started', description: "the run's first agent_started is sent after its first agent_thinking" },
  {
    name: 'context-reuse',
    description:
      "the user's previous engine is reused for the next request, carrying the previous run's request text and run_id",
  },
  {
    name: 'engine-leak',
    description:
      'engines are never cleaned up after their run: active engines grow until the per-user limit rejects requests',
  },
  { name: 'limit-bypass', description: 'the per-user engine limit is not enforced' },
  { name: 'slow-factory', description: 'engine creation takes an extra delay (slow-factory:<ms>, default 150 ms)' },
  {
    name: 'schema-drift',
    description: 'tool_completed carries `result` instead of `results` (and no metadata.result)',
  },
  {
    name: 'foreign-user-id',
    description:
      "events reach the right socket but are stamped with another connected user's user_id (own id when nobody else is connected)",
  },
  {
    name: 'cross-user-cache',
    description:
      "tool results are cached by normalized request text without the user: a similar question from another user gets the first user's results, canary included",
  },
  {
    name: 'router-socket-overwritten',
    pipelineOnly: true,
    description:
      "the global message handler keeps the socket of the newest connection (commit 6dcb0d495): a request runs as its sender, but the Supervisor's events go to whoever connected last",
  },
  {
    name: 'bridge-addressed-by-run-id',
    pipelineOnly: true,
    description:
      "the bridge addresses the Supervisor's events by run_id instead of the user (commit 0bb1a5d53): they are never delivered, only the sub-agents' events arrive",
  },
  {
    name: 'emit-context-thread-as-user',
    pipelineOnly: true,
    description:
      "emit_agent_event builds its context with user_id=thread_id (commit eec6e5ff8): the Supervisor's agent_thinking and agent_completed are never sent",
  },
  {
    name: 'thinking-sent-as-reasoning',
    pipelineOnly: true,
    description:
      'the emitter spreads data.type over the frame type (commit 515c8cf80): sub-agents\' agent_thinking arrives as type "reasoning"',
  },
  {
    name: 'tool-completed-without-results',
    pipelineOnly: true,
    description: 'tool_completed is sent without its results (commit 09fd1806d): no results, no metadata.result',
  },
  {
    name: 'tool-name-only-nested',
    pipelineOnly: true,
    description:
      'tool events carry tool_name only under data, where the frontend reads it at the top level (commit c7cbab6aa, the UI showed "unknown-tool")',
  },
  {
    name: 'tool-args-swapped',
    pipelineOnly: true,
    description:
      "tool_completed is called with its arguments swapped after a signature change (commit 1cf48064e): its tool_name is the agent's name",
  },
  {
    name: 'router-arity-closes-socket',
    pipelineOnly: true,
    perConnection: true,
    description:
      'a router arity mismatch raises on the first message of every socket (commit ad135ed30): close 1000, no answer, no run',
  },
  {
    name: 'shared-agent-state',
    pipelineOnly: true,
    description:
      "the reporting agent keeps one state for every user (commit 82ebb3c77): each report merges the requests of earlier runs, other users' included",
  },
] as const satisfies readonly { name: string; description: string; pipelineOnly?: true; perConnection?: true }[];

export type DefectName = (typeof DEFECT_CATALOG)[number]['name'];

export const DEFECT_NAMES: readonly DefectName[] = DEFECT_CATALOG.map((defect) => defect.name);

/** Defects that exist only in the supervisor pipeline (agentShape "pipeline"). */
export const PIPELINE_ONLY_DEFECTS: ReadonlySet<DefectName> = new Set(
  DEFECT_CATALOG.filter((defect) => 'pipelineOnly' in defect).map((defect) => defect.name),
);

/** Defects drawn once per socket (at its first frame) instead of once per run. */
export const PER_CONNECTION_DEFECTS: ReadonlySet<DefectName> = new Set(
  DEFECT_CATALOG.filter((defect) => 'perConnection' in defect).map((defect) => defect.name),
);

/** Extra delay of `slow-factory` when no `:<ms>` is given. */
export const SLOW_FACTORY_DEFAULT_MS = 150;
