import { describe, expect, it } from 'vitest';
import { agentSkeletonCounts, shapeSkeleton, skeletonCounts, splitSkeleton } from './shapeSkeleton.ts';

describe('shapeSkeleton', () => {
  it('masks tool names and keeps each event kind once, in order of first appearance', () => {
    expect(shapeSkeleton('S T X:search C:search T X:fetch C:fetch T D')).toBe('S T X C D');
    expect(shapeSkeleton('S X:search C:search D')).toBe('S X C D');
    expect(shapeSkeleton('S T C:search X:search D')).toBe('S T C X D');
    expect(shapeSkeleton('S T X:search C:search')).toBe('S T X C');
  });

  it('adds up the runs of shapes with the same skeleton', () => {
    expect(skeletonCounts({ 'S T X:a C:a D': 2, 'S T X:b C:b T D': 3, 'S T D': 1 })).toEqual({
      'S T X C D': 5,
      'S T D': 1,
    });
  });

  it('keeps the span tree: each sub-agent once by name with its own skeleton, tools masked', () => {
    const pipeline =
      'S T [triage S T X:classify C:classify D ] [data S T X:q C:q X:q C:q X:lookup C:lookup D ] [data S T E ] [reporting S T D ] D';
    expect(shapeSkeleton(pipeline)).toBe(
      'S T [triage S T X C D ] [data S T X C D ] [data S T E ] [reporting S T D ] D',
    );
    expect(shapeSkeleton('S T [triage S T D ] [triage S T D ] D')).toBe('S T [triage S T D ] D');
    expect(shapeSkeleton('S T [data S [inner S T D ] T D ] D')).toBe('S T [data S [inner S T D ] T D ] D');
  });

  it("splits a pipeline into the root's own skeleton and its sub-agents' span skeletons", () => {
    expect(splitSkeleton('S T [triage S T D ] [data S T X:q C:q X:q C:q D ] D')).toEqual({
      root: 'S T D',
      agents: ['[triage S T D ]', '[data S T X C D ]'],
    });
    expect(splitSkeleton('S T X:search C:search D')).toEqual({ root: 'S T X C D', agents: [] });
    expect(skeletonCounts({ 'S T [a S T D ] D': 2, 'S T [a S T D ] [b S T D ] D': 3 })).toEqual({ 'S T D': 5 });
    expect(agentSkeletonCounts({ 'S T [a S T D ] D': 2, 'S T [a S T D ] [b S T D ] D': 3 })).toEqual({
      '[a S T D ]': 5,
      '[b S T D ]': 3,
    });
  });
});
