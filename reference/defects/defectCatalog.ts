/** Every switchable defect of the reference backend, each modelled on a real mid-migration bug. */
export const DEFECT_CATALOG = [
  { name: 'singleton-router', description: 'one process-wide message handler, first registered wins: later users\' requests run in the first user\'s context and stream to the first user\'s socket' },
  { name: 'shared-emitter', description: 'one emitter shared by all engines: every run\'s events go to whichever socket registered last' },
  { name: 'thread-as-user', description: 'events are routed by treating thread_id as a user id, so they are delivered nowhere' },
  { name: 'emitter-no-manager', description: 'the factory hands its emitters an object that cannot emit: runs complete, the five events never arrive' },
  { name: 'drop-thinking', description: 'agent_thinking events are never sent' },
  { name: 'reorder-tool-events', description: 'tool_completed is sent before its tool_executing' },
  { name: 'missing-agent-completed', description: 'agent_completed is never sent' },
  { name: 'duplicate-agent-completed', description: 'agent_completed is sent twice' },
  { name: 'late-agent-started', description: 'agent_started is sent after the first agent_thinking' },
  { name: 'context-reuse', description: 'the user\'s previous engine is reused for the next request, carrying the previous run\'s request text and run_id' },
  { name: 'engine-leak', description: 'engines are never cleaned up after their run: active engines grow until the per-user limit rejects requests' },
  { name: 'limit-bypass', description: 'the per-user engine limit is not enforced' },
  { name: 'slow-factory', description: 'engine creation takes an extra delay (slow-factory:<ms>, default 150 ms)' },
  { name: 'schema-drift', description: 'tool_completed carries `result` instead of `results`' },
  { name: 'foreign-user-id', description: 'events reach the right socket but are stamped with another connected user\'s user_id (own id when nobody else is connected)' },
  { name: 'cross-user-cache', description: 'tool results are cached by normalized request text without the user: a similar question from another user gets the first user\'s results, canary included' },
] as const satisfies readonly { name: string; description: string }[];

export type DefectName = (typeof DEFECT_CATALOG)[number]['name'];

export const DEFECT_NAMES: readonly DefectName[] = DEFECT_CATALOG.map((defect) => defect.name);

/** Extra delay of `slow-factory` when no `:<ms>` is given. */
export const SLOW_FACTORY_DEFAULT_MS = 150;
