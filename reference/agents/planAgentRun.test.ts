import { describe, expect, test } from 'vitest';
import { normalizeQuery } from './ToolResultCache.ts';
import { planAgentRun } from './planAgentRun.ts';

describe('planAgentRun', () => {
  test('gives the same plan for the same seed and request', () => {
    expect(planAgentRun(7, 'compare my costs')).toEqual(planAgentRun(7, 'compare my costs'));
  });

  test('varies between 1 and 3 thinking steps and 0 to 2 tool calls over many requests', () => {
    const plans = Array.from({ length: 200 }, (_, i) => planAgentRun(1, `question number ${i}`));
    expect(new Set(plans.map((plan) => plan.thinking.length))).toEqual(new Set([1, 2, 3]));
    expect(new Set(plans.map((plan) => plan.tools.length))).toEqual(new Set([0, 1, 2]));
  });

  test('uses exactly N tools when the request says [tools:N]', () => {
    for (const n of [0, 1, 3, 5]) expect(planAgentRun(1, `do it [tools:${n}]`).tools).toHaveLength(n);
  });

  test('quotes the request verbatim in reasoning, tool parameters and the final response', () => {
    const request = 'Budget for GPC-0123456789abcdef? [tools:1]';
    const plan = planAgentRun(3, request);
    for (const thought of plan.thinking) expect(thought).toContain(request);
    expect(plan.tools[0]?.parameters['query']).toBe(request);
    expect(plan.finalResponse).toContain(request);
    expect(plan.finalResponse.length).toBeGreaterThan(20);
    expect(plan.thinking[0]?.length).toBeGreaterThan(10);
  });

  test('normalizes canary-like tokens away for the cross-user cache key', () => {
    expect(normalizeQuery('What are my costs? GPC-0123456789abcdef')).toBe(
      normalizeQuery('what are my costs? GPC-fedcba9876543210'),
    );
    expect(normalizeQuery('costs for user-17 canary:abc')).toBe('costs for');
  });
});
