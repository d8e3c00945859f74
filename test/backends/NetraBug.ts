/**
 * Bugs that really shipped in the Netra backend's history, each switchable on a Netra-like backend so a test can prove
 * that goldpath catches it. Named by what goes wrong on the wire; the commit that introduced it is in the comment.
 */
export const NETRA_BUGS = [
  /** 6dcb0d495: one global message handler whose socket is overwritten by each new connection; replies go to the newest socket. */
  'handler-socket-overwritten',
  /** 0bb1a5d53: the bridge addresses events by run id instead of user, so its (bridge-shape) events are never delivered. */
  'events-addressed-by-run-id',
  /** eec6e5ff8: emit_agent_event builds its context with user_id=thread_id, so bridge thinking and completion are never sent. */
  'context-user-id-is-thread-id',
  /** 515c8cf80: the emitter spreads data.type "reasoning" over the frame type, so agent_thinking arrives as type "reasoning". */
  'thinking-sent-as-reasoning',
  /** 09fd1806d: tool_completed sent without its results (no `results`, no `data.result`, no `metadata.result`). */
  'tool-completed-without-results',
  /** c7cbab6aa (#1039): tool_name only under `data` / `payload`, never at the top level where the frontend reads it. */
  'tool-name-only-nested',
  /** 1cf48064e: tool_executing's arguments swapped after a signature change: tool_name carries the agent's name and back. */
  'tool-arguments-swapped',
  /** ad135ed30: a router arity mismatch closes every socket with 1000 on its first message. */
  'closes-on-first-message',
  /** 82ebb3c77: agent state shared between users, so one run echoes other users' requests merged into its own. */
  'shared-agent-state',
] as const;

export type NetraBug = (typeof NETRA_BUGS)[number];

export function isNetraBug(name: string): name is NetraBug {
  return (NETRA_BUGS as readonly string[]).includes(name);
}
