import { isoNow } from '../clock/isoNow.ts';
import { nextEventId } from './nextEventId.ts';
import type { RunDelivery } from './RunDelivery.ts';

/**
 * The emitter of the single-agent shape: every event flattened to the top level, `critical: true`, ISO timestamp,
 * `event_id` and `agent_name` on every event, serialized once and sent to all sockets of the context's user.
 */
export class UnifiedWebSocketEmitter {
  private readonly runFields: string;

  constructor(private readonly delivery: RunDelivery) {
    const context = delivery.context;
    this.runFields =
      `"thread_id":${JSON.stringify(context.threadId)},"run_id":${JSON.stringify(context.runId)},` +
      `"request_id":${JSON.stringify(context.requestId)}`;
  }

  /** Events handed to the transport (whether or not a socket received them). */
  get eventsEmitted(): number {
    return this.delivery.eventsEmitted;
  }

  notifyAgentStarted(agentName: string, taskDescription: string): void {
    this.send(
      `{"type":"agent_started",${this.envelope(agentName)},"task_description":${JSON.stringify(taskDescription)}}`,
    );
  }

  notifyAgentThinking(agentName: string, reasoning: string): void {
    if (this.delivery.faults.has('drop-thinking')) return;
    this.send(`{"type":"agent_thinking",${this.envelope(agentName)},"reasoning":${JSON.stringify(reasoning)}}`);
  }

  notifyToolExecuting(
    agentName: string,
    toolName: string,
    parameters: Readonly<Record<string, unknown>>,
    executionId: string,
  ): void {
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
    const resultsKey = this.delivery.faults.has('schema-drift') ? 'result' : 'results';
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
    return (
      `"event_id":"${nextEventId()}","timestamp":"${isoNow()}","critical":true,` +
      `"user_id":${JSON.stringify(this.delivery.stampedUserId())},${this.runFields},"agent_name":${JSON.stringify(agentName)}`
    );
  }

  private send(frame: string): void {
    this.delivery.send(frame);
  }
}
