/** Parses a shape's tokens level by level: `[name … ]` is a sub-agent's span (see runShape.shapeOf). */
function skeletonLevel(tokens: string[], at: { i: number }, spans: string[] | undefined, keepSpans: boolean): string[] {
  const seen: string[] = [];
  while (at.i < tokens.length) {
    const token = tokens[at.i++]!;
    if (token === '') continue;
    if (token === ']') break;
    let kind: string;
    if (token.startsWith('[')) {
      kind = `${token} ${skeletonLevel(tokens, at, spans, true).join(' ')} ]`;
      if (spans !== undefined && !spans.includes(kind)) spans.push(kind);
      if (!keepSpans) continue;
    } else kind = token.includes(':') ? token.slice(0, token.indexOf(':')) : token;
    if (!seen.includes(kind)) seen.push(kind);
  }
  return seen;
}

/**
 * The part of a run shape a regression is judged on: tool names masked, each event kind kept once per span, in order of
 * first appearance, and each sub-agent span (`[name … ]`) kept once by its own skeleton. A backend's agent plans a
 * varying number of thoughts and tools per request (noise), but a dropped agent_thinking, a tool_completed before its
 * tool_executing or a missing agent_completed changes it.
 * @example shapeSkeleton('S T X:search C:search T X:fetch C:fetch T D') // 'S T X C D'
 * @example shapeSkeleton('S X:search C:search D') // 'S X C D'
 * @example shapeSkeleton('S T [triage S T X:a C:a X:b C:b D ] [data S T D ] D') // 'S T [triage S T X C D ] [data S T D ] D'
 */
export function shapeSkeleton(shape: string): string {
  return skeletonLevel(shape.split(' '), { i: 0 }, undefined, true).join(' ');
}

/**
 * The skeleton of the root agent's own events (sub-agents' spans left out), and the distinct skeletons of its
 * sub-agents' spans. A supervisor picks its sub-agents per request (noise in which ones run), so shares are judged on
 * the root, and sub-agents on whether they still run at all (see compareWithBaseline).
 * @example splitSkeleton('S T [triage S T D ] [data S T X:q C:q D ] D') // { root: 'S T D', agents: ['[triage S T D ]', '[data S T X C D ]'] }
 */
export function splitSkeleton(shape: string): { root: string; agents: string[] } {
  const agents: string[] = [];
  const root = skeletonLevel(shape.split(' '), { i: 0 }, agents, false).join(' ');
  return { root, agents };
}

/** Run counts per root skeleton, from a summary's shape counts. */
export function skeletonCounts(shapes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [shape, n] of Object.entries(shapes)) {
    const key = splitSkeleton(shape).root;
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}

/** How many runs show each sub-agent span skeleton (a run counts once per skeleton), from a summary's shape counts. */
export function agentSkeletonCounts(shapes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [shape, n] of Object.entries(shapes)) {
    for (const agent of splitSkeleton(shape).agents) out[agent] = (out[agent] ?? 0) + n;
  }
  return out;
}
