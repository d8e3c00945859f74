import { describe, expect, test } from 'vitest';
import { planPipelineRun } from './planPipelineRun.ts';

const names = (text: string, seed = 1): string[] =>
  planPipelineRun(seed, text).subAgents.map((agent) => agent.agentName);

describe('planPipelineRun', () => {
  test('gives the same plan for the same seed and request', () => {
    expect(planPipelineRun(7, 'compare my costs')).toEqual(planPipelineRun(7, 'compare my costs'));
  });

  test('draws the same span tree for the same question whoever asks it and whatever its canary', () => {
    const tree = (text: string): string[] => names(text);
    expect(tree('Question 1 from gp-1a2b3c4d-u0001: what changed? [ref GPC-0123456789abcdef]')).toEqual(
      tree('Question 7 from gp-99887766-u0042: what changed? [ref GPC-fedcba9876543210]'),
    );
  });

  test('always runs triage first and reporting last, data only with tools, optimization on some requests', () => {
    const words = [
      'costs',
      'usage',
      'vendors',
      'uptime',
      'budget',
      'latency',
      'storage',
      'traffic',
      'alerts',
      'quotas',
    ];
    const plans = words.flatMap((a) => words.map((b) => planPipelineRun(1, `compare ${a} and ${b}`)));
    for (const plan of plans) {
      const agents = plan.subAgents.map((agent) => agent.agentName);
      expect(agents[0]).toBe('triage');
      expect(agents.at(-1)).toBe('reporting');
      expect(agents.includes('data')).toBe(plan.subAgents.some((agent) => agent.tools.length > 0));
    }
    expect(new Set(plans.map((plan) => plan.subAgents.length))).toEqual(new Set([2, 3, 4]));
  });

  test('gives the data agent exactly N tools at [tools:N] and no other agent any', () => {
    for (const n of [1, 3, 5]) {
      const plan = planPipelineRun(1, `do it [tools:${n}]`);
      expect(plan.subAgents.find((agent) => agent.agentName === 'data')?.tools).toHaveLength(n);
      expect(plan.subAgents.filter((agent) => agent.agentName !== 'data').flatMap((agent) => agent.tools)).toEqual([]);
    }
    expect(names('do it [tools:0]')).not.toContain('data');
  });

  test('quotes the request in every reasoning, the tool parameters and the report; other sub-agents keep the default final response', () => {
    const request = 'Budget for GPC-0123456789abcdef? [tools:1]';
    const plan = planPipelineRun(3, request);
    const quoted = JSON.stringify(request);
    expect(plan.supervisorReasoning).toContain(quoted);
    for (const agent of plan.subAgents) for (const thought of agent.thinking) expect(thought).toContain(quoted);
    expect(plan.subAgents.find((agent) => agent.agentName === 'data')?.tools[0]?.parameters['query']).toBe(request);
    expect(plan.subAgents.at(-1)?.finalResponse).toContain(quoted);
    expect(plan.subAgents.slice(0, -1).map((agent) => agent.finalResponse)).toEqual(
      plan.subAgents.slice(0, -1).map(() => undefined),
    );
  });
});
