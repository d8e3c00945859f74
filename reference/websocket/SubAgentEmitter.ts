import { isoNow } from '../clock/isoNow.ts';
import type { RunDelivery } from './RunDelivery.ts';

type Frame = Record<string, unknown>;

/** The emitter's tier fields, on every emitter frame's metadata. */
const TIER = { user_tier: 'free', is_priority_queue: false } as const;

/**
 * The per-user emitter of the factory path, as the real backend builds its frames: flattened, `critical: true`,
 * ISO timestamp, `user_id`, `thread_id`, `run_id`, `request_id`; no event id; tool events carry
 * `execution_id: null` and no agent name (they belong to the agent that is running); `agent_error` carries no ids.
 * The sub-agents of the supervisor pipeline speak through it.
 */
export class SubAgentEmitter {
  constructor(private readonly delivery: RunDelivery) {}

  notifyAgentStarted(agentName: string, taskDescription: string): void {
    const userId = this.delivery.stampedUserId();
    this.send({
      timestamp: isoNow(),
      critical: true,
      type: 'agent_started',
      user_id: userId,
      thread_id: this.delivery.context.threadId,
      agent_name: agentName,
      task_description: taskDescription,
      metadata: {
        status: 'started',
        user_isolated: true,
        user_id: userId,
        context: { user_request: this.delivery.context.userRequest },
        ...TIER,
      },
      status: 'started',
      ...this.runIds(),
    });
  }

  /** thinking-sent-as-reasoning: the emitter spreads `data.type` ("reasoning") over the frame type. */
  notifyAgentThinking(agentName: string, reasoning: string, stepNumber: number): void {
    const faults = this.delivery.faults;
    if (faults.has('drop-thinking')) return;
    this.send({
      timestamp: isoNow(),
      critical: true,
      type: faults.has('thinking-sent-as-reasoning') ? 'reasoning' : 'agent_thinking',
      reasoning,
      ...this.userAndThread(),
      metadata: { step_number: stepNumber, agent_name: agentName, ...TIER },
      ...this.runIds(),
    });
  }

  notifyToolExecuting(toolName: string, parameters: Readonly<Record<string, unknown>>): void {
    this.send({
      timestamp: isoNow(),
      critical: true,
      type: 'tool_executing',
      ...this.toolName(toolName),
      tool_args: parameters,
      parameters,
      execution_id: null,
      ...this.userAndThread(),
      metadata: { ...TIER },
      status: 'executing',
      ...this.runIds(),
    });
  }

  /**
   * tool-args-swapped: the call site passes (agent, tool) to a method that now takes (tool, agent).
   * schema-drift: `result` instead of `results`; tool-completed-without-results: neither. Both drop metadata.result.
   */
  notifyToolCompleted(
    agentName: string,
    toolName: string,
    results: unknown,
    executionTimeMs: number,
    success: boolean,
  ): void {
    const faults = this.delivery.faults;
    const drift = faults.has('schema-drift');
    const carried = !drift && !faults.has('tool-completed-without-results');
    this.send({
      timestamp: isoNow(),
      critical: true,
      type: 'tool_completed',
      ...this.toolName(faults.has('tool-args-swapped') ? agentName : toolName),
      ...(carried ? { results } : drift ? { result: results } : {}),
      execution_time: executionTimeMs,
      duration: executionTimeMs / 1000,
      execution_id: null,
      success,
      ...this.userAndThread(),
      metadata: { ...(carried ? { result: results } : {}), ...TIER },
      status: 'completed',
      ...this.runIds(),
    });
  }

  /** `finalResponse` defaults to the emitter's own default, "Task completed". */
  notifyAgentCompleted(
    agentName: string,
    durationMs: number,
    engineId: string,
    finalResponse = 'Task completed',
  ): void {
    const userId = this.delivery.stampedUserId();
    this.send({
      timestamp: isoNow(),
      critical: true,
      type: 'agent_completed',
      status: 'completed',
      final_response: finalResponse,
      user_id: userId,
      thread_id: this.delivery.context.threadId,
      agent_name: agentName,
      metadata: {
        agent_name: agentName,
        success: true,
        duration_ms: durationMs,
        status: 'completed',
        user_isolated: true,
        user_id: userId,
        engine_id: engineId,
        error: null,
        execution_time_ms: durationMs,
        ...TIER,
      },
      ...this.runIds(),
    });
  }

  /** As the real notify_agent_error builds it: neither run_id nor user_id; the client attributes it to the open run. */
  notifyAgentError(error: string): void {
    this.send({ timestamp: isoNow(), critical: true, type: 'agent_error', error, status: 'error' });
  }

  /** tool-name-only-nested: tool_name only under `data`, where the frontend does not read it. */
  private toolName(toolName: string): Frame {
    return this.delivery.faults.has('tool-name-only-nested')
      ? { data: { tool_name: toolName } }
      : { tool_name: toolName };
  }

  private userAndThread(): Frame {
    return { user_id: this.delivery.stampedUserId(), thread_id: this.delivery.context.threadId };
  }

  private runIds(): Frame {
    return { run_id: this.delivery.context.runId, request_id: this.delivery.context.requestId };
  }

  private send(frame: Frame): void {
    this.delivery.send(JSON.stringify(frame));
  }
}
