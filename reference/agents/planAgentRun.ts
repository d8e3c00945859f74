import { createPrng, hashString } from '../random/createPrng.ts';

export interface PlannedTool {
  readonly toolName: string;
  readonly parameters: Readonly<Record<string, unknown>>;
}

/** What the deterministic agent will do for one request. */
export interface AgentPlan {
  readonly agentName: string;
  readonly taskDescription: string;
  /** 1..3 sentences, each quoting the request. */
  readonly thinking: readonly string[];
  readonly tools: readonly PlannedTool[];
  readonly finalResponse: string;
}

export const AGENT_NAMES = ['triage_agent', 'data_helper_agent', 'optimization_agent'] as const;
export const TOOL_NAMES = [
  'search_knowledge_base',
  'fetch_usage_metrics',
  'analyze_costs',
  'summarize_findings',
] as const;
/** `[tools:N]` in the request text forces exactly N tool calls (0..MAX_FORCED_TOOLS). */
export const FORCED_TOOLS_PATTERN = /\[tools:(\d+)\]/;
export const MAX_FORCED_TOOLS = 10;

const THINKING = [
  (text: string) => `Reading the request "${text}" to decide which data sources to consult.`,
  (text: string) => `Comparing what the tools returned with what was asked: "${text}".`,
  (text: string) => `Checking that the answer to "${text}" is complete before replying.`,
];

/**
 * Plans a run from (seed, request text) alone, so the same request on the same seed always yields the same
 * event sequence, whatever the factory path. Quotes the request verbatim, as real agents do.
 * @example planAgentRun(7, 'compare costs [tools:2]').tools.length // 2
 */
export function planAgentRun(seed: number, requestText: string): AgentPlan {
  const next = createPrng(hashString(requestText, hashString(`seed:${seed}`)));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const agentName = pick(AGENT_NAMES);
  const thinkingCount = 1 + Math.floor(next() * 3);
  const forced = FORCED_TOOLS_PATTERN.exec(requestText);
  const roll = next();
  const toolCount = forced ? Math.min(Number(forced[1]), MAX_FORCED_TOOLS) : roll < 0.2 ? 0 : roll < 0.7 ? 1 : 2;
  const offset = Math.floor(next() * TOOL_NAMES.length);
  const tools = Array.from({ length: toolCount }, (_, i): PlannedTool => ({
    toolName: TOOL_NAMES[(offset + i) % TOOL_NAMES.length] as string,
    parameters: { query: requestText, step: i + 1 },
  }));
  return {
    agentName,
    taskDescription: `Answer the user's request: "${requestText}"`,
    thinking: THINKING.slice(0, thinkingCount).map((sentence) => sentence(requestText)),
    tools,
    finalResponse: `Here is my answer to "${requestText}": ${
      toolCount === 0 ? 'no tools were needed' : `${toolCount} tool call${toolCount === 1 ? '' : 's'} informed it`
    }, and the findings are summarized above.`,
  };
}
