import { createPrng, hashString } from '../random/createPrng.ts';
import { FORCED_TOOLS_PATTERN, MAX_FORCED_TOOLS, TOOL_NAMES, type PlannedTool } from './planAgentRun.ts';
import { normalizeQuery } from './ToolResultCache.ts';

/** The agent that opens and ends every run of the pipeline (bridge shape). */
export const SUPERVISOR_AGENT = 'Supervisor';
/** The sub-agents the Supervisor may run, in the order it runs them (emitter shape). */
export const SUB_AGENT_NAMES = ['triage', 'data', 'optimization', 'reporting'] as const;
export type SubAgentName = (typeof SUB_AGENT_NAMES)[number];

/** What one sub-agent does: its thinking (each quoting the request) and its tools; `finalResponse` absent means the emitter's default. */
export interface SubAgentPlan {
  readonly agentName: SubAgentName;
  readonly taskDescription: string;
  /** The first before its tools, the rest after them. */
  readonly thinking: readonly string[];
  readonly tools: readonly PlannedTool[];
  readonly finalResponse?: string;
}

export interface PipelinePlan {
  readonly supervisorReasoning: string;
  /** Always triage first and reporting last; data when there are tools; optimization sometimes. */
  readonly subAgents: readonly SubAgentPlan[];
}

/**
 * Plans a supervisor pipeline from (seed, request text) alone. Every tool goes to the data agent; `[tools:N]` forces N
 * (the same tool runs twice from N = 5 on). Reasoning and tool parameters quote the request, as real agents do.
 * The plan follows what was asked, not who asked or the canary: ids, numbers and canaries are left out of its draw,
 * so the same question gets the same span tree on every pass (a baseline learns one shape per question).
 * @example planPipelineRun(1, 'compare costs [tools:2]').subAgents.map((a) => a.agentName) // ['triage', 'data', …, 'reporting']
 */
export function planPipelineRun(seed: number, requestText: string): PipelinePlan {
  const next = createPrng(hashString(normalizeQuery(requestText), hashString(`pipeline:${seed}`)));
  const forced = FORCED_TOOLS_PATTERN.exec(requestText);
  const roll = next();
  const toolCount = forced ? Math.min(Number(forced[1]), MAX_FORCED_TOOLS) : roll < 0.2 ? 0 : roll < 0.7 ? 1 : 2;
  const offset = Math.floor(next() * TOOL_NAMES.length);
  const withOptimization = next() < 0.3;
  const dataThoughts = 1 + Math.floor(next() * 2);
  const quoted = JSON.stringify(requestText);
  const tools = Array.from({ length: toolCount }, (_, i): PlannedTool => ({
    toolName: TOOL_NAMES[(offset + i) % TOOL_NAMES.length] as string,
    parameters: { query: requestText, step: i + 1 },
  }));
  const subAgents: SubAgentPlan[] = [
    {
      agentName: 'triage',
      taskDescription: 'Processing request',
      tools: [],
      thinking: [`Triaging the request ${quoted} to choose the agents it needs.`],
    },
  ];
  if (toolCount > 0) {
    subAgents.push({
      agentName: 'data',
      taskDescription: 'Collecting data',
      tools,
      thinking: [`Collecting the data that ${quoted} needs.`, `Checking the data gathered for ${quoted}.`].slice(
        0,
        dataThoughts,
      ),
    });
  }
  if (withOptimization) {
    subAgents.push({
      agentName: 'optimization',
      taskDescription: 'Looking for optimizations',
      tools: [],
      thinking: [`Looking for savings in what was found for ${quoted}.`],
    });
  }
  subAgents.push({
    agentName: 'reporting',
    taskDescription: 'Writing the report',
    tools: [],
    thinking: [`Writing the report that answers ${quoted}.`],
    finalResponse: `Report for ${quoted}: ${toolCount === 0 ? 'no tools were needed' : `${toolCount} tool call${toolCount === 1 ? '' : 's'} informed it`}.`,
  });
  return { supervisorReasoning: `Analyzing your request ${quoted} and selecting appropriate agents...`, subAgents };
}
