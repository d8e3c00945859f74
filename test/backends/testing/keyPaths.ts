type Frame = Record<string, unknown>;

/** Free-form values whose inner keys depend on the tool or agent, not on the wire format. */
const OPAQUE = new Set(['results', 'result', 'parameters', 'tool_args', 'progress_data', 'error_context']);

/** Every key path of a frame ("data.context.status"), sorted; opaque values count as one key. */
export function keyPaths(frame: Frame, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(frame)) {
    const path = `${prefix}${key}`;
    paths.push(path);
    if (!OPAQUE.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      paths.push(...keyPaths(value as Frame, `${path}.`));
    }
  }
  return paths.sort();
}
