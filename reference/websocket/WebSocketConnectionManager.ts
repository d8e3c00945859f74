import type { ClientConnection } from './ClientConnection.ts';

/** Where emitters deliver frames. */
export interface EventTransport {
  /** Sends `frame` to every open socket of `userId`; returns how many sockets got it. */
  sendToUser(userId: string, frame: string): number;
}

/** Knows every authenticated socket, per user, in the order they registered. */
export class WebSocketConnectionManager implements EventTransport {
  private readonly byUser = new Map<string, Set<ClientConnection>>();
  private readonly registrationOrder = new Set<ClientConnection>();
  private sent = 0;

  add(connection: ClientConnection): void {
    let connections = this.byUser.get(connection.userId);
    if (!connections) {
      connections = new Set();
      this.byUser.set(connection.userId, connections);
    }
    connections.add(connection);
    this.registrationOrder.add(connection);
  }

  remove(connection: ClientConnection): void {
    const connections = this.byUser.get(connection.userId);
    connections?.delete(connection);
    if (connections?.size === 0) this.byUser.delete(connection.userId);
    this.registrationOrder.delete(connection);
  }

  countFor(userId: string): number {
    return this.byUser.get(userId)?.size ?? 0;
  }

  sendToUser(userId: string, frame: string): number {
    const connections = this.byUser.get(userId);
    if (!connections) return 0;
    for (const connection of connections) connection.send(frame);
    this.sent += connections.size;
    return connections.size;
  }

  /** Sends `frame` to the one open socket with this connection id; returns 1, or 0 when it is gone. */
  sendToConnection(connectionId: string, frame: string): number {
    for (const connection of this.registrationOrder) {
      if (connection.id !== connectionId) continue;
      connection.send(frame);
      this.sent++;
      return 1;
    }
    return 0;
  }

  /** The socket registered most recently and still open. */
  lastRegistered(): ClientConnection | undefined {
    let last: ClientConnection | undefined;
    for (const connection of this.registrationOrder) last = connection;
    return last;
  }

  /** The earliest-registered connected user other than `userId`. */
  anotherUserThan(userId: string): string | undefined {
    for (const connection of this.registrationOrder) {
      if (connection.userId !== userId) return connection.userId;
    }
    return undefined;
  }

  all(): ClientConnection[] {
    return [...this.registrationOrder];
  }

  get connectionCount(): number {
    return this.registrationOrder.size;
  }

  get userCount(): number {
    return this.byUser.size;
  }

  /** Frames handed to sockets by sendToUser since start. */
  get framesSent(): number {
    return this.sent;
  }
}
