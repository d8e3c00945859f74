import type { UserExecutionContext } from '../context/UserExecutionContext.ts';
import type { RunFaults } from '../defects/RunFaults.ts';
import type { AgentShape } from '../server/ReferenceBackendOptions.ts';
import type { ReferenceLogger } from '../server/ReferenceLogger.ts';
import { BridgeNotifier, type ConnectionSender } from './BridgeNotifier.ts';
import { RunDelivery, type UserDirectory } from './RunDelivery.ts';
import { SubAgentEmitter } from './SubAgentEmitter.ts';
import { UnifiedWebSocketEmitter } from './UnifiedWebSocketEmitter.ts';
import type { EventTransport, WebSocketConnectionManager } from './WebSocketConnectionManager.ts';

/** What a factory hands an emitter when it has no working manager: every send fails. */
export const unavailableTransport: EventTransport = {
  sendToUser(): number {
    throw new Error('WebSocket manager not available (emitter was created without a connection manager)');
  },
};

/** How one run speaks: one emitter (single-agent shape), or the Supervisor's bridge notifications plus the sub-agents' emitter. */
export type RunEvents =
  | { readonly shape: 'single'; readonly emitter: UnifiedWebSocketEmitter }
  | { readonly shape: 'pipeline'; readonly supervisor: BridgeNotifier; readonly emitter: SubAgentEmitter };

const noSockets: ConnectionSender = { sendToConnection: () => 0 };
const noDirectory: UserDirectory = { anotherUserThan: () => undefined };

/** Builds a run's events on a transport that is not a connection manager (a factory without a bridge). */
export function detachedRunEvents(
  context: UserExecutionContext,
  faults: RunFaults,
  shape: AgentShape,
  transport: EventTransport,
  logger: ReferenceLogger,
): RunEvents {
  return runEventsOver(
    new RunDelivery({ context, transport, directory: noDirectory, faults, logger }),
    shape,
    noSockets,
  );
}

function runEventsOver(delivery: RunDelivery, shape: AgentShape, sockets: ConnectionSender): RunEvents {
  return shape === 'single'
    ? { shape, emitter: new UnifiedWebSocketEmitter(delivery) }
    : { shape, supervisor: new BridgeNotifier(delivery, sockets), emitter: new SubAgentEmitter(delivery) };
}

/** Connects engines to sockets: creates the per-run emitters each engine streams through. */
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

  createRunEvents(
    context: UserExecutionContext,
    faults: RunFaults,
    shape: AgentShape,
    transport: EventTransport = faults.has('shared-emitter') ? this.sharedTransport : this.connectionManager,
  ): RunEvents {
    const delivery = new RunDelivery({
      context,
      transport,
      directory: this.connectionManager,
      faults,
      logger: this.logger,
    });
    return runEventsOver(delivery, shape, this.connectionManager);
  }
}
