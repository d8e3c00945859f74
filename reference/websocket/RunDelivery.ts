import type { UserExecutionContext } from '../context/UserExecutionContext.ts';
import type { RunFaults } from '../defects/RunFaults.ts';
import type { ReferenceLogger } from '../server/ReferenceLogger.ts';
import type { EventTransport } from './WebSocketConnectionManager.ts';

/** Lets the emitter name another connected user (only the foreign-user-id defect asks). */
export interface UserDirectory {
  anotherUserThan(userId: string): string | undefined;
}

export interface RunDeliveryOptions {
  context: UserExecutionContext;
  transport: EventTransport;
  directory: UserDirectory;
  faults: RunFaults;
  logger: ReferenceLogger;
}

/**
 * Hands one run's frames to its transport, addressed to the run's user (the routing defects change the address),
 * and logs the first failure of the run only. Shared by every emitter of one run.
 */
export class RunDelivery {
  readonly context: UserExecutionContext;
  readonly faults: RunFaults;
  private readonly transport: EventTransport;
  private readonly directory: UserDirectory;
  private readonly logger: ReferenceLogger;
  private emitted = 0;
  private failures = 0;

  constructor(options: RunDeliveryOptions) {
    this.context = options.context;
    this.transport = options.transport;
    this.directory = options.directory;
    this.faults = options.faults;
    this.logger = options.logger;
  }

  /** Frames handed to the transport (whether or not a socket received them). */
  get eventsEmitted(): number {
    return this.emitted;
  }

  /** The user_id the run's frames are stamped with: the run's own, another connected user's under foreign-user-id. */
  stampedUserId(): string {
    const own = this.context.userId;
    return this.faults.has('foreign-user-id') ? (this.directory.anotherUserThan(own) ?? own) : own;
  }

  /**
   * Sends `frame` to the user's sockets, or to the user id `address` names (a wrong address reaches nobody).
   * thread-as-user: the send-to-thread path hands the thread id to a lookup keyed by user id.
   */
  send(frame: string, address: string = this.context.userId): void {
    this.emitted++;
    const route = this.faults.has('thread-as-user') ? this.context.threadId : address;
    try {
      this.transport.sendToUser(route, frame);
    } catch (error) {
      if (this.failures++ === 0) {
        this.logger.warn(
          `emitter for run ${this.context.runId} could not send (further failures of this run not logged): ${(error as Error).message}`,
        );
      }
    }
  }
}
