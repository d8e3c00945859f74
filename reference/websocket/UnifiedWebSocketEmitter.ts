import type { UserExecutionContext } from '../context/UserExecutionContext.ts';
import type { RunFaults } from '../defects/RunFaults.ts';
import type { ReferenceLogger } from '../server/ReferenceLogger.ts';
import { isoNow } from '../clock/isoNow.ts';
import { nextEventId } from './nextEventId.ts';
import type { EventTransport } from './WebSocketConnectionManager.ts';

/** Lets the emitter name another connected user (only the foreign-user-id defect asks). */
export interface UserDirectory {
  anotherUserThan(userId: string): string | undefined;
}

export interface UnifiedWebSocketEmitterOptions {
  context: UserExecutionContext;
  transport: EventTransport;
  directory: UserDirectory;
  faults: RunFaults;
  logger: ReferenceLogger;
}

/**
 * The per-user emitter of the factory path: every event flattened to the top level, `critical: true`,
 * ISO timestamp, serialized once and sent to all sockets of the context's user.
 */
export class UnifiedWebSocketEmitter {
  private readonly context: UserExecutionContext;
  private readonly transport: EventTransport;
  private readonly directory: UserDirectory;
  private readonly faults: RunFaults;
  private readonly logger: ReferenceLogger;
  private readonly runFields: string;
  private emitted = 0;
  private failures = 0;

  constructor(options: UnifiedWebSocketEmitterOptions) {
    this.context = options.context;
    this.transport = options.transport;
    this.directory = options.directory;
    this.faults = options.faults;
    this.logger = options.logger;
    const context = options.context;
    this.runFields =
      `"thread_id":${JSON.stringify(context.threadId)},"run_id":${JSON.stringify(context.runId)},` +
      `"request_id":${JSON.stringify(context.requestId)}`;
  }

  /** Events handed to the transport (whether or not a socket received them). */
  get eventsEmitted(): number {
    return this.emitted;
  }

  notifyAgentStarted(agentName: string, taskDescription: string): void {
    this.send(`{"type":"agent_started",${this.envelope(agentName)},"task_description":${JSON.stringify(taskDescription)}}`);
  }

  notifyAgentThinking(agentName: string, reasoning: string): void {
    if (this.faults.has('drop-thinking')) return;
    this.send(
      `{"type":"agent_thinking",${this.envelope(agentName)},"reasoning":${JSON.stringify(reasoning)}}`,
    );
  }

  notifyToolExecuting(agentName: string, toolName: string, parameters: Readonly<Record<string, unknown>>, executionId: string): void {
    const args = JSON.stringify(parameters);
    this.send(
      `{"type":"tool_executing",${this.envelope(agentName)},"tool_name":${JSON.stringify(toolName)},` +
        `"tool_args":${args},"parameters":${args},"execution_id":${JSON.stringify(executionId)}}`,
    );
  }

  notifyToolCompleted(
    agentName: string,
    toolName: string,
    results: unknown,
    executionTimeMs: number,
    executionId: string,
    success: boolean,
  ): void {
    const resultsKey = this.faults.has('schema-drift') ? 'result' : 'results';
    this.send(
      `{"type":"tool_completed",${this.envelope(agentName)},"tool_name":${JSON.stringify(toolName)},` +
        `"${resultsKey}":${JSON.stringify(results)},"execution_time":${executionTimeMs},` +
        `"duration":${executionTimeMs / 1000},"execution_id":${JSON.stringify(executionId)},"success":${success}}`,
    );
  }

  notifyAgentCompleted(agentName: string, finalResponse: string, status: 'completed'): void {
    this.send(
      `{"type":"agent_completed",${this.envelope(agentName)},"status":"${status}","final_response":${JSON.stringify(finalResponse)}}`,
    );
  }

  notifyAgentError(agentName: string, error: string, errorType: string): void {
    this.send(
      `{"type":"agent_error",${this.envelope(agentName)},"error":${JSON.stringify(error)},"error_type":${JSON.stringify(errorType)}}`,
    );
  }

  /** The fields every event shares, as a JSON fragment; the run's ids are serialized once per emitter. */
  private envelope(agentName: string): string {
    const context = this.context;
    const userId = this.faults.has('foreign-user-id')
      ? (this.directory.anotherUserThan(context.userId) ?? context.userId)
      : context.userId;
    return (
      `"event_id":"${nextEventId()}","timestamp":"${isoNow()}","critical":true,` +
      `"user_id":${JSON.stringify(userId)},${this.runFields},"agent_name":${JSON.stringify(agentName)}`
    );
  }

  private send(frame: string): void {
    this.emitted++;
    // thread-as-user: the send-to-thread path hands the thread id to a lookup keyed by user id.
    const route = this.faults.has('thread-as-user') ? this.context.threadId : this.context.userId;
    try {
      this.transport.sendToUser(route, frame);
    } catch (error) {
      if (this.failures++ === 0) {
        this.logger.warn(`emitter for run ${this.context.runId} could not send (further failures of this run not logged): ${(error as Error).message}`);
      }
    }
  }
}
