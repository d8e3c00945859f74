import type { RunFaults } from '../defects/RunFaults.ts';

/** A request to run the agent, as read from start_agent or user_message. */
export interface AgentRequest {
  readonly kind: 'start_agent' | 'user_message';
  readonly text: string;
  readonly threadId: string;
  readonly source: string;
}

export type AgentRequestHandler = (request: AgentRequest, faults: RunFaults) => void;

/**
 * Routes agent requests to the handler each connection registered (its bridge to its own user and sockets).
 * The singleton-router defect models the process-wide router where handlers were appended and the first
 * registered one handled everything.
 */
export class MessageRouter {
  private readonly handlers = new Map<string, AgentRequestHandler>();

  /** Returns the function that unregisters the handler. */
  register(connectionId: string, handler: AgentRequestHandler): () => void {
    this.handlers.set(connectionId, handler);
    return () => {
      if (this.handlers.get(connectionId) === handler) this.handlers.delete(connectionId);
    };
  }

  route(connectionId: string, request: AgentRequest, faults: RunFaults): boolean {
    const handler = faults.has('singleton-router')
      ? this.handlers.values().next().value
      : this.handlers.get(connectionId);
    if (handler === undefined) return false;
    handler(request, faults);
    return true;
  }

  clear(): void {
    this.handlers.clear();
  }
}
