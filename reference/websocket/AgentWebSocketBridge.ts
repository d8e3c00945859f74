import type { UserExecutionContext } from '../context/UserExecutionContext.ts';
import type { RunFaults } from '../defects/RunFaults.ts';
import type { ReferenceLogger } from '../server/ReferenceLogger.ts';
import { UnifiedWebSocketEmitter } from './UnifiedWebSocketEmitter.ts';
import type { EventTransport, WebSocketConnectionManager } from './WebSocketConnectionManager.ts';

/** What a factory hands an emitter when it has no working manager: every send fails. */
export const unavailableTransport: EventTransport = {
  sendToUser(): number {
    throw new Error('WebSocket manager not available (emitter was created without a connection manager)');
  },
};

/** Connects engines to sockets: creates the per-user emitter each engine streams through. */
export class AgentWebSocketBridge {
  /** shared-emitter: one socket-bound transport for every run, rebound to the socket that registered last. */
  private readonly sharedTransport: EventTransport;

  constructor(
    readonly connectionManager: WebSocketConnectionManager,
    private readonly logger: ReferenceLogger,
  ) {
    this.sharedTransport = {
      sendToUser: (_userId, frame) => {
        const last = connectionManager.lastRegistered();
        last?.send(frame);
        return last ? 1 : 0;
      },
    };
  }

  createUserEmitter(
    context: UserExecutionContext,
    faults: RunFaults,
    transport: EventTransport = faults.has('shared-emitter') ? this.sharedTransport : this.connectionManager,
  ): UnifiedWebSocketEmitter {
    return new UnifiedWebSocketEmitter({
      context,
      transport,
      directory: this.connectionManager,
      faults,
      logger: this.logger,
    });
  }
}
