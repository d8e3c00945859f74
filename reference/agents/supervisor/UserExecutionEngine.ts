import { Cancellation } from '../../clock/Cancellation.ts';
import { sleep, type Clock } from '../../clock/Clock.ts';
import type { UserExecutionContext } from '../../context/UserExecutionContext.ts';
import type { RunFaults } from '../../defects/RunFaults.ts';
import type { RunEvents } from '../../websocket/AgentWebSocketBridge.ts';
import type { UnifiedWebSocketEmitter } from '../../websocket/UnifiedWebSocketEmitter.ts';
import { planAgentRun, type AgentPlan, type PlannedTool } from '../planAgentRun.ts';
import { planPipelineRun, SUPERVISOR_AGENT } from '../planPipelineRun.ts';
import { runTool, type ToolResults } from '../runTool.ts';
import type { SharedReportState } from '../SharedReportState.ts';
import { ToolResultCache } from '../ToolResultCache.ts';
import { AgentTimeoutError } from './factoryErrors.ts';
import { runSupervisorPipeline } from './runSupervisorPipeline.ts';

export type AgentRunStatus = 'completed' | 'timeout' | 'cancelled' | 'failed';

export interface AgentRunOutcome {
  readonly status: AgentRunStatus;
  readonly runId: string;
  readonly agentName: string;
}

export interface UserExecutionEngineOptions {
  engineId: string;
  context: UserExecutionContext;
  events: RunEvents;
  faults: RunFaults;
  seed: number;
  latencyMs: number;
  agentTimeoutMs: number;
  maxConcurrentAgents: number;
  toolCache: ToolResultCache;
  sharedState: SharedReportState;
  clock: Clock;
  onRunFinished: (engine: UserExecutionEngine, outcome: AgentRunOutcome) => void;
}

/**
 * One user's isolated engine: runs the deterministic agent (the supervisor pipeline, or one agent in the single
 * shape) for its context and streams the events through its own emitters. At most `maxConcurrentAgents` agents at
 * once; each run stopped after `agentTimeoutMs`.
 */
export class UserExecutionEngine {
  readonly engineId: string;
  readonly context: UserExecutionContext;
  readonly events: RunEvents;
  readonly createdAt: number;
  lastActivityAt: number;
  private readonly options: UserExecutionEngineOptions;
  private readonly lifetime = new Cancellation();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private peak = 0;
  /** The pipeline's sub-agent now running, whose span a timeout ends first. */
  private openSubAgent: string | undefined;

  constructor(options: UserExecutionEngineOptions) {
    this.options = options;
    this.engineId = options.engineId;
    this.context = options.context;
    this.events = options.events;
    this.createdAt = options.clock.now();
    this.lastActivityAt = this.createdAt;
  }

  /** `<user_id>_<run_id>_<engine id>`, as listed in active_engine_keys. */
  get key(): string {
    return `${this.context.userId}_${this.context.runId}_${this.engineId}`;
  }

  get isActive(): boolean {
    return !this.lifetime.cancelled;
  }

  get runningAgents(): number {
    return this.running;
  }

  /** The most agents that ran at once on this engine. */
  get peakConcurrentAgents(): number {
    return this.peak;
  }

  /** Stops any agent still running on this engine; its remaining events are not sent. */
  cleanup(): void {
    this.lifetime.cancel();
    // Waiting agents are let through so they can see the engine is gone and return 'cancelled'.
    for (const admit of this.waiting.splice(0)) admit();
  }

  /** Runs the agent for this engine's context (its request text is `context.agent_context.user_request`). */
  async executeAgent(): Promise<AgentRunOutcome> {
    await this.acquireSlot();
    const events = this.events;
    const plan = events.shape === 'single' ? planAgentRun(this.options.seed, this.context.userRequest) : undefined;
    const agentName = plan?.agentName ?? SUPERVISOR_AGENT;
    if (!this.isActive) {
      this.releaseSlot();
      const outcome = { status: 'cancelled' as const, runId: this.context.runId, agentName };
      this.options.onRunFinished(this, outcome);
      return outcome;
    }
    const run = new Cancellation();
    const stopWithEngine = this.lifetime.onCancel(() => run.cancel());
    const { clock, agentTimeoutMs } = this.options;
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = clock.setTimeout(() => resolve('timeout'), agentTimeoutMs);
    });
    let status: AgentRunStatus;
    try {
      const running =
        events.shape === 'single' ? this.runPlan(events.emitter, plan as AgentPlan, run) : this.runPipeline(run);
      const result = await Promise.race([running, timedOut]);
      status = result === 'timeout' ? 'timeout' : run.cancelled ? 'cancelled' : 'completed';
      if (status === 'timeout') {
        run.cancel();
        const error = new AgentTimeoutError(agentName, agentTimeoutMs);
        this.notifyRunError(agentName, error.message, error.code);
      }
    } catch (error) {
      status = 'failed';
      run.cancel();
      this.notifyRunError(agentName, `Agent ${agentName} failed: ${(error as Error).message}`, 'AGENT_FAILED');
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
      stopWithEngine();
      this.releaseSlot();
    }
    const outcome = { status, runId: this.context.runId, agentName };
    this.options.onRunFinished(this, outcome);
    return outcome;
  }

  /** Ends the run with agent_error: in the pipeline the running sub-agent's first (no ids, as the real emitter), then the Supervisor's. */
  private notifyRunError(agentName: string, message: string, code: string): void {
    const events = this.events;
    if (events.shape === 'single') return events.emitter.notifyAgentError(agentName, message, code);
    if (this.openSubAgent !== undefined) events.emitter.notifyAgentError(message);
    events.supervisor.notifyAgentError(agentName, message, code);
  }

  private runPipeline(run: Cancellation): Promise<void> {
    const events = this.events;
    if (events.shape !== 'pipeline') throw new Error('runPipeline needs the pipeline shape');
    const { faults, latencyMs, clock, sharedState } = this.options;
    return runSupervisorPipeline(planPipelineRun(this.options.seed, this.context.userRequest), {
      supervisor: events.supervisor,
      emitter: events.emitter,
      faults,
      engineId: this.engineId,
      requestText: this.context.userRequest,
      sharedState,
      pause: async () => {
        await sleep(clock, latencyMs, run);
        this.lastActivityAt = clock.now();
        return !run.cancelled;
      },
      callTool: (tool, announce, complete) => this.callTool(tool, announce, complete, run),
      now: () => clock.now(),
      onSubAgent: (name) => {
        this.openSubAgent = name;
      },
    });
  }

  private async runPlan(emitter: UnifiedWebSocketEmitter, plan: AgentPlan, run: Cancellation): Promise<void> {
    const { faults, latencyMs, clock } = this.options;
    const agent = plan.agentName;
    const pause = async (): Promise<boolean> => {
      await sleep(clock, latencyMs, run);
      this.lastActivityAt = clock.now();
      return !run.cancelled;
    };
    const late = faults.has('late-agent-started');
    if (!late) emitter.notifyAgentStarted(agent, plan.taskDescription);
    if (!(await pause())) return;
    const [firstThought, ...laterThoughts] = plan.thinking;
    emitter.notifyAgentThinking(agent, firstThought ?? plan.taskDescription);
    if (late) emitter.notifyAgentStarted(agent, plan.taskDescription);
    for (let i = 0; i < plan.tools.length; i++) {
      if (!(await pause())) return;
      await this.executeTool(emitter, agent, plan.tools[i] as PlannedTool, i, run);
      if (run.cancelled) return;
      const thought = laterThoughts[i];
      if (thought !== undefined && i < plan.tools.length - 1) {
        if (!(await pause())) return;
        emitter.notifyAgentThinking(agent, thought);
      }
    }
    for (const thought of laterThoughts.slice(Math.max(0, plan.tools.length - 1))) {
      if (!(await pause())) return;
      emitter.notifyAgentThinking(agent, thought);
    }
    if (!(await pause())) return;
    if (faults.has('missing-agent-completed')) return;
    emitter.notifyAgentCompleted(agent, plan.finalResponse, 'completed');
    if (faults.has('duplicate-agent-completed')) emitter.notifyAgentCompleted(agent, plan.finalResponse, 'completed');
  }

  private async executeTool(
    emitter: UnifiedWebSocketEmitter,
    agent: string,
    tool: PlannedTool,
    index: number,
    run: Cancellation,
  ): Promise<void> {
    const executionId = `${this.context.runId}_tool_${index + 1}`;
    await this.callTool(
      tool,
      () => emitter.notifyToolExecuting(agent, tool.toolName, tool.parameters, executionId),
      (results, elapsedMs) => emitter.notifyToolCompleted(agent, tool.toolName, results, elapsedMs, executionId, true),
      run,
    );
  }

  /** Runs one tool through the cache; false when the run was cancelled meanwhile. */
  private async callTool(
    tool: PlannedTool,
    announce: () => void,
    complete: (results: ToolResults, elapsedMs: number) => void,
    run: Cancellation,
  ): Promise<boolean> {
    const { faults, clock, latencyMs, seed, toolCache } = this.options;
    // reorder-tool-events: the announcement is sent once the tool has returned, after its completion.
    const reorder = faults.has('reorder-tool-events');
    if (!reorder) announce();
    const started = clock.now();
    const key = ToolResultCache.key(
      this.context.userId,
      tool.toolName,
      String(tool.parameters['query'] ?? ''),
      faults.has('cross-user-cache'),
    );
    let results: ToolResults | undefined = toolCache.get(key);
    await sleep(clock, latencyMs, run);
    if (run.cancelled) return false;
    if (results === undefined) {
      results = runTool(seed, tool);
      toolCache.set(key, results);
    }
    complete(results, clock.now() - started);
    if (reorder) announce();
    return true;
  }

  private acquireSlot(): Promise<void> {
    if (this.running < this.options.maxConcurrentAgents) {
      this.running++;
      this.peak = Math.max(this.peak, this.running);
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.waiting.push(() => {
        this.running++;
        this.peak = Math.max(this.peak, this.running);
        resolve();
      });
    });
  }

  private releaseSlot(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}
