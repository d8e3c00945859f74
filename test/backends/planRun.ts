import { bridge, emitter, type Frame, type RunIds } from './netraFrames.ts';

/** One frame of a run, with the path that sends it (the bugs hit one path or the other) and the agent it belongs to. */
export interface RunStep {
  frame: Frame;
  path: 'bridge' | 'emitter';
  agentName: string;
}

const TOOLS_BY_AGENT: Record<string, readonly string[]> = {
  triage: ['classify_request'],
  // the same tool twice in one agent, as the real data agent does
  data: ['query_metrics', 'query_metrics'],
  optimization: ['estimate_savings'],
  actions: ['draft_actions'],
  reporting: ['generate_report'],
};

function toolsOf(agentName: string): readonly string[] {
  return TOOLS_BY_AGENT[agentName] ?? ['lookup'];
}

/**
 * The real supervisor pipeline: the Supervisor opens in the bridge shape, each sub-agent runs its own
 * agent_started … agent_completed in the emitter shape under the same run_id, and the Supervisor's completion ends it.
 */
export function planPipelineRun(ids: RunIds, userRequest: string, subAgents: readonly string[]): RunStep[] {
  const steps: RunStep[] = [];
  const supervisor = 'Supervisor';
  steps.push({ frame: bridge.agentStarted(ids, supervisor), path: 'bridge', agentName: supervisor });
  steps.push({
    frame: bridge.agentThinking(
      ids,
      supervisor,
      `Analyzing your request and selecting appropriate agents: ${userRequest}`,
      1,
    ),
    path: 'bridge',
    agentName: supervisor,
  });
  for (const agentName of subAgents) {
    const push = (frame: Frame): void => {
      steps.push({ frame, path: 'emitter', agentName });
    };
    push(emitter.agentStarted(ids, agentName, userRequest));
    push(emitter.agentThinking(ids, agentName, `Analyzing the request for ${agentName}: ${userRequest}`, 1));
    toolsOf(agentName).forEach((toolName, index) => {
      const parameters = { query: userRequest, attempt: index + 1 };
      push(emitter.toolExecuting(ids, toolName, parameters));
      push(emitter.toolCompleted(ids, toolName, { rows: 3, tool: toolName }, 12));
    });
    push(emitter.agentCompleted(ids, agentName, 40));
  }
  steps.push({
    frame: bridge.agentCompleted(ids, supervisor, { supervisor_result: 'completed' }, 0),
    path: 'bridge',
    agentName: supervisor,
  });
  return steps;
}

/** A simpler backend: one agent per run, every frame in the bridge shape (no thread_id, tool_name at the top level). */
export function planBridgeRun(ids: RunIds, userRequest: string): RunStep[] {
  const agentName = 'assistant';
  const toolName = 'search_knowledge';
  const step = (frame: Frame): RunStep => ({ frame, path: 'bridge', agentName });
  return [
    step(bridge.agentStarted(ids, agentName)),
    step(bridge.agentThinking(ids, agentName, `Working out how to answer: ${userRequest}`, 1)),
    step(bridge.toolExecuting(ids, agentName, toolName, { query: userRequest })),
    step(bridge.toolCompleted(ids, agentName, toolName, { hits: 2, tool: toolName }, null)),
    step(bridge.agentCompleted(ids, agentName, { answer: `Here is what I found for: ${userRequest}` }, 25)),
  ];
}
