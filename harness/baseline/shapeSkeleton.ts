/**
 * The part of a run shape a regression is judged on: tool names masked, each event kind kept once per span, in order of
 * first appearance, and each sub-agent span (`[name … ]`) kept once by its own skeleton. A backend's agent plans a
 * varying number of thoughts and tools per request (noise), but a dropped agent_thinking, a tool_completed before its
 * tool_executing, a missing agent_completed or a sub-agent that vanishes changes it.
 * @example shapeSkeleton('S T X:search C:search T X:fetch C:fetch T D') // 'S T X C D'
 * @example shapeSkeleton('S X:search C:search D') // 'S X C D'
 * @example shapeSkeleton('S T [triage S T X:a C:a X:b C:b D ] [data S T D ] D') // 'S T [triage S T X C D ] [data S T D ] D'
 */
export function shapeSkeleton(shape: string): string {
  const tokens = shape.split(' ');
  let i = 0;
  const level = (): string[] => {
    const seen: string[] = [];
    while (i < tokens.length) {
      const token = tokens[i++]!;
      if (token === '') continue;
      if (token === ']') break;
      const kind = token.startsWith('[') ? `${token} ${level().join(' ')} ]` : token.includes(':') ? token.slice(0, token.indexOf(':')) : token;
      if (!seen.includes(kind)) seen.push(kind);
    }
    return seen;
  };
  return level().join(' ');
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
