import type { RunFaults } from '../defects/RunFaults.ts';

/** A request to run the agent, as read from start_agent or user_message. */
export interface AgentRequest {
  readonly kind: 'start_agent' | 'user_message';
  readonly text: string;
  readonly threadId: string;
  readonly source: string;
}

/** `socketId` is the socket the request's context holds; absent, the sender's own. */
export type AgentRequestHandler = (request: AgentRequest, faults: RunFaults, socketId?: string) => void;

/**
 * Routes agent requests to the handler each connection registered (its bridge to its own user and sockets).
 * The singleton-router defect models the process-wide router where handlers were appended and the first
 * registered one handled everything; router-socket-overwritten the global handler whose socket each new
 * connection overwrote (the request runs as its sender, holding the newest connection's socket).
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
    if (faults.has('router-socket-overwritten')) handler(request, faults, [...this.handlers.keys()].at(-1));
    else handler(request, faults);
    return true;
  }

  clear(): void {
    this.handlers.clear();
  }
}
