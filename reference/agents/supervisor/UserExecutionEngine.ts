import { Cancellation } from '../../clock/Cancellation.ts';
import { sleep, type Clock } from '../../clock/Clock.ts';
import type { UserExecutionContext } from '../../context/UserExecutionContext.ts';
import type { RunFaults } from '../../defects/RunFaults.ts';
import type { UnifiedWebSocketEmitter } from '../../websocket/UnifiedWebSocketEmitter.ts';
import { planAgentRun, type AgentPlan, type PlannedTool } from '../planAgentRun.ts';
import { runTool, type ToolResults } from '../runTool.ts';
import { ToolResultCache } from '../ToolResultCache.ts';
import { AgentTimeoutError } from './factoryErrors.ts';

export type AgentRunStatus = 'completed' | 'timeout' | 'cancelled' | 'failed';

export interface AgentRunOutcome {
  readonly status: AgentRunStatus;
  readonly runId: string;
  readonly agentName: string;
}

export interface UserExecutionEngineOptions {
  engineId: string;
  context: UserExecutionContext;
  emitter: UnifiedWebSocketEmitter;
  faults: RunFaults;
  seed: number;
  latencyMs: number;
  agentTimeoutMs: number;
  maxConcurrentAgents: number;
  toolCache: ToolResultCache;
  clock: Clock;
  onRunFinished: (engine: UserExecutionEngine, outcome: AgentRunOutcome) => void;
}

/**
 * One user's isolated engine: runs the deterministic agent for its context and streams the five events
 * through its own emitter. At most `maxConcurrentAgents` agents at once; each stopped after `agentTimeoutMs`.
 */
export class UserExecutionEngine {
  readonly engineId: string;
  readonly context: UserExecutionContext;
  readonly emitter: UnifiedWebSocketEmitter;
  readonly createdAt: number;
  lastActivityAt: number;
  private readonly options: UserExecutionEngineOptions;
  private readonly lifetime = new Cancellation();
  private running = 0;
  private readonly waiting: (() => void)[] = [];
  private peak = 0;

  constructor(options: UserExecutionEngineOptions) {
    this.options = options;
    this.engineId = options.engineId;
    this.context = options.context;
    this.emitter = options.emitter;
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
    const plan = planAgentRun(this.options.seed, this.context.userRequest);
    if (!this.isActive) {
      this.releaseSlot();
      const outcome = { status: 'cancelled' as const, runId: this.context.runId, agentName: plan.agentName };
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
      const result = await Promise.race([this.runPlan(plan, run), timedOut]);
      status = result === 'timeout' ? 'timeout' : run.cancelled ? 'cancelled' : 'completed';
      if (status === 'timeout') {
        run.cancel();
        const error = new AgentTimeoutError(plan.agentName, agentTimeoutMs);
        this.emitter.notifyAgentError(plan.agentName, error.message, error.code);
      }
    } catch (error) {
      status = 'failed';
      run.cancel();
      this.emitter.notifyAgentError(plan.agentName, `Agent ${plan.agentName} failed: ${(error as Error).message}`, 'AGENT_FAILED');
    } finally {
      if (timer !== undefined) clock.clearTimeout(timer);
      stopWithEngine();
      this.releaseSlot();
    }
    const outcome = { status, runId: this.context.runId, agentName: plan.agentName };
    this.options.onRunFinished(this, outcome);
    return outcome;
  }

  private async runPlan(plan: AgentPlan, run: Cancellation): Promise<void> {
    const { faults, latencyMs, clock } = this.options;
    const emitter = this.emitter;
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
      await this.executeTool(agent, plan.tools[i] as PlannedTool, i, run);
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

  private async executeTool(agent: string, tool: PlannedTool, index: number, run: Cancellation): Promise<void> {
    const { faults, clock, latencyMs, seed, toolCache } = this.options;
    const executionId = `${this.context.runId}_tool_${index + 1}`;
    const announce = (): void => this.emitter.notifyToolExecuting(agent, tool.toolName, tool.parameters, executionId);
    // reorder-tool-events: the announcement is sent once the tool has returned, after its completion.
    const reorder = faults.has('reorder-tool-events');
    if (!reorder) announce();
    const started = clock.now();
    const key = ToolResultCache.key(this.context.userId, tool.toolName, String(tool.parameters['query'] ?? ''), faults.has('cross-user-cache'));
    let results: ToolResults | undefined = toolCache.get(key);
    await sleep(clock, latencyMs, run);
    if (run.cancelled) return;
    if (results === undefined) {
      results = runTool(seed, tool);
      toolCache.set(key, results);
    }
    this.emitter.notifyToolCompleted(agent, tool.toolName, results, clock.now() - started, executionId, true);
    if (reorder) announce();
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
