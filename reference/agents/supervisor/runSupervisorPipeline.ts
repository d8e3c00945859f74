import type { RunFaults } from '../../defects/RunFaults.ts';
import type { BridgeNotifier } from '../../websocket/BridgeNotifier.ts';
import type { SubAgentEmitter } from '../../websocket/SubAgentEmitter.ts';
import { SUPERVISOR_AGENT, type PipelinePlan, type SubAgentPlan } from '../planPipelineRun.ts';
import type { PlannedTool } from '../planAgentRun.ts';
import type { SharedReportState } from '../SharedReportState.ts';
import type { ToolResults } from '../runTool.ts';

/** What the pipeline needs from the engine that runs it. */
export interface PipelineSteps {
  readonly supervisor: BridgeNotifier;
  readonly emitter: SubAgentEmitter;
  readonly faults: RunFaults;
  readonly engineId: string;
  readonly requestText: string;
  readonly sharedState: SharedReportState;
  /** Waits the engine's latency; false once the run is cancelled. */
  pause(): Promise<boolean>;
  /** Runs one tool: `announce` sends tool_executing, `complete` tool_completed; false once the run is cancelled. */
  callTool(
    tool: PlannedTool,
    announce: () => void,
    complete: (results: ToolResults, elapsedMs: number) => void,
  ): Promise<boolean>;
  now(): number;
  /** The sub-agent now running (undefined between sub-agents), so a timeout can end its span. */
  onSubAgent(agentName: string | undefined): void;
}

/**
 * The Supervisor sends agent_started and agent_thinking (bridge shape), runs its sub-agents in turn, each with its own
 * agent_started … agent_completed under the same run_id (emitter shape), and its own agent_completed ends the run.
 */
export async function runSupervisorPipeline(plan: PipelinePlan, steps: PipelineSteps): Promise<void> {
  const { supervisor, faults } = steps;
  const late = faults.has('late-agent-started');
  if (!late) supervisor.notifyAgentStarted(SUPERVISOR_AGENT);
  if (!(await steps.pause())) return;
  supervisor.notifyAgentThinking(SUPERVISOR_AGENT, plan.supervisorReasoning, 1);
  if (late) supervisor.notifyAgentStarted(SUPERVISOR_AGENT);
  for (const subAgent of plan.subAgents) {
    if (!(await steps.pause())) return;
    const finished = await runSubAgent(subAgent, steps);
    steps.onSubAgent(undefined);
    if (!finished) return;
  }
  if (!(await steps.pause())) return;
  if (faults.has('missing-agent-completed')) return;
  supervisor.notifyAgentCompleted(SUPERVISOR_AGENT);
  if (faults.has('duplicate-agent-completed')) supervisor.notifyAgentCompleted(SUPERVISOR_AGENT);
}

async function runSubAgent(plan: SubAgentPlan, steps: PipelineSteps): Promise<boolean> {
  const { emitter, faults } = steps;
  const agent = plan.agentName;
  const started = steps.now();
  steps.onSubAgent(agent);
  emitter.notifyAgentStarted(agent, plan.taskDescription);
  const [firstThought, ...laterThoughts] = plan.thinking;
  let step = 1;
  if (!(await steps.pause())) return false;
  emitter.notifyAgentThinking(agent, firstThought ?? plan.taskDescription, step++);
  for (const tool of plan.tools) {
    if (!(await steps.pause())) return false;
    const announce = (): void => emitter.notifyToolExecuting(tool.toolName, tool.parameters);
    const complete = (results: ToolResults, elapsedMs: number): void =>
      emitter.notifyToolCompleted(agent, tool.toolName, results, elapsedMs, true);
    if (!(await steps.callTool(tool, announce, complete))) return false;
  }
  for (const thought of laterThoughts) {
    if (!(await steps.pause())) return false;
    emitter.notifyAgentThinking(agent, thought, step++);
  }
  if (!(await steps.pause())) return false;
  if (faults.has('missing-agent-completed')) return true;
  emitter.notifyAgentCompleted(agent, Math.round(steps.now() - started), steps.engineId, finalResponseOf(plan, steps));
  return true;
}

/** shared-agent-state: the report merges the requests the shared state remembers from earlier runs. */
function finalResponseOf(plan: SubAgentPlan, steps: PipelineSteps): string | undefined {
  if (plan.finalResponse === undefined || !steps.faults.has('shared-agent-state')) return plan.finalResponse;
  const earlier = steps.sharedState.merge(steps.requestText);
  if (earlier.length === 0) return plan.finalResponse;
  return `${plan.finalResponse} Merged with earlier findings on ${earlier.map((text) => JSON.stringify(text)).join('; ')}.`;
}
