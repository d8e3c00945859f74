import { createPrng, hashString } from '../random/createPrng.ts';
import type { PlannedTool } from './planAgentRun.ts';

export interface ToolResults {
  readonly query: string;
  readonly summary: string;
  readonly items: readonly { readonly id: string; readonly score: number }[];
}

/** A deterministic stand-in for a tool: its results depend only on (seed, tool, query) and quote the query. */
export function runTool(seed: number, tool: PlannedTool): ToolResults {
  const query = String(tool.parameters['query'] ?? '');
  const next = createPrng(hashString(`${tool.toolName}\u0000${query}`, hashString(`seed:${seed}`)));
  const count = 1 + Math.floor(next() * 3);
  const items = Array.from({ length: count }, (_, i) => ({
    id: `${tool.toolName}-${i + 1}`,
    score: Math.round(next() * 1000) / 1000,
  }));
  return { query, summary: `${tool.toolName} found ${count} item${count === 1 ? '' : 's'} for "${query}"`, items };
}
