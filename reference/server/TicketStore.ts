/** A short-lived credential the browser frontend uses as `?ticket=<id>`. */
export interface WebSocketTicket {
  readonly ticketId: string;
  readonly userId: string;
  readonly email: string | undefined;
  readonly permissions: readonly string[];
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly singleUse: boolean;
}

/** Where tickets live; async so a Redis-backed store can implement it. */
export interface TicketStore {
  save(ticket: WebSocketTicket): Promise<void>;
  /** The ticket if it exists and has not expired at `now`; a single-use ticket is consumed. */
  redeem(ticketId: string, now: number): Promise<WebSocketTicket | undefined>;
  clear(): Promise<void>;
}

export class InMemoryTicketStore implements TicketStore {
  private readonly tickets = new Map<string, WebSocketTicket>();

  async save(ticket: WebSocketTicket): Promise<void> {
    this.tickets.set(ticket.ticketId, ticket);
  }

  async redeem(ticketId: string, now: number): Promise<WebSocketTicket | undefined> {
    const ticket = this.tickets.get(ticketId);
    if (ticket === undefined) return undefined;
    if (ticket.expiresAt <= now) {
      this.tickets.delete(ticketId);
      return undefined;
    }
    if (ticket.singleUse) this.tickets.delete(ticketId);
    return ticket;
  }

  async clear(): Promise<void> {
    this.tickets.clear();
  }
}
