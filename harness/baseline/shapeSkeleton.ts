/**
 * The part of a run shape a regression is judged on: tool names masked, each event kind kept once, in order of
 * first appearance. A backend's agent plans a varying number of thoughts and tools per request (noise), but a
 * dropped agent_thinking, a tool_completed before its tool_executing or a missing agent_completed changes it.
 * @example shapeSkeleton('S T X:search C:search T X:fetch C:fetch T D') // 'S T X C D'
 * @example shapeSkeleton('S X:search C:search D') // 'S X C D'
 */
export function shapeSkeleton(shape: string): string {
  const seen: string[] = [];
  for (const token of shape.split(' ')) {
    if (token === '') continue;
    const kind = token.includes(':') ? token.slice(0, token.indexOf(':')) : token;
    if (!seen.includes(kind)) seen.push(kind);
  }
  return seen.join(' ');
}

/** Run counts per skeleton, from a summary's shape counts. */
export function skeletonCounts(shapes: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [shape, n] of Object.entries(shapes)) {
    const key = shapeSkeleton(shape);
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}
