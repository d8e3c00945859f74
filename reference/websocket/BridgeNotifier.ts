import { isoNow } from '../clock/isoNow.ts';
import type { RunDelivery } from './RunDelivery.ts';

type Frame = Record<string, unknown>;

/** Sends a frame to one socket by its connection id; returns how many sockets got it (0 or 1). */
export interface ConnectionSender {
  sendToConnection(connectionId: string, frame: string): number;
}

/**
 * The AgentWebSocketBridge's notifications for one run, in the bridge shape the real backend uses for the Supervisor:
 * `run_id`, `user_id`, `agent_name`, ISO `timestamp` at the top level, details under `data`, no `thread_id`.
 */
export class BridgeNotifier {
  constructor(
    private readonly delivery: RunDelivery,
    private readonly sockets: ConnectionSender,
  ) {}

  notifyAgentStarted(agentName: string): void {
    this.send(
      this.frame('agent_started', agentName, {
        status: 'started',
        context: { status: 'starting', isolated: true },
        message: `${agentName} has started processing your request`,
      }),
    );
  }

  /** Sent through emit_agent_event, whose context the emit-context-thread-as-user defect builds with user_id=thread_id. */
  notifyAgentThinking(agentName: string, reasoning: string, stepNumber: number): void {
    if (this.delivery.faults.has('drop-thinking')) return;
    this.send(
      this.frame('agent_thinking', agentName, {
        reasoning,
        step_number: stepNumber,
        progress_percentage: null,
        status: 'thinking',
        business_progress: { phase: 'analysis' },
      }),
      this.emitAgentEventAddress(),
    );
  }

  /** `execution_time_ms` is the bridge's default, null. */
  notifyAgentCompleted(agentName: string): void {
    this.send(
      this.frame('agent_completed', agentName, {
        status: 'completed',
        result: { supervisor_result: 'completed' },
        execution_time_ms: null,
        message: `${agentName} has completed processing your request`,
      }),
      this.emitAgentEventAddress(),
    );
  }

  /** As the real bridge builds it: no user_id. */
  notifyAgentError(agentName: string, errorMessage: string, errorType: string): void {
    const { user_id: _userId, ...frame } = this.frame('agent_error', agentName, {
      status: 'error',
      error_message: errorMessage,
      error_context: { error_type: errorType },
      message: `${agentName} encountered an issue processing your request`,
    });
    this.send(frame);
  }

  private frame(type: string, agentName: string, data: Frame): Frame {
    return {
      type,
      run_id: this.delivery.context.runId,
      user_id: this.delivery.stampedUserId(),
      agent_name: agentName,
      timestamp: isoNow(),
      data,
    };
  }

  private emitAgentEventAddress(): string | undefined {
    return this.delivery.faults.has('emit-context-thread-as-user') ? this.delivery.context.threadId : undefined;
  }

  /**
   * bridge-addressed-by-run-id: the bridge looks the run id up as if it were a user id.
   * router-socket-overwritten: the frame goes to the socket the global handler holds, the newest connection's.
   */
  private send(frame: Frame, address?: string): void {
    const { context, faults } = this.delivery;
    const text = JSON.stringify(frame);
    if (faults.has('router-socket-overwritten') && context.websocketClientId !== undefined) {
      this.sockets.sendToConnection(context.websocketClientId, text);
      return;
    }
    this.delivery.send(text, faults.has('bridge-addressed-by-run-id') ? context.runId : address);
  }
}
