const LETTERS: Record<string, string> = {
  agent_started: 'S',
  agent_thinking: 'T',
  agent_completed: 'D',
  agent_error: 'E',
};

/**
 * The shape token of one event: S, T, D, E, X:tool, C:tool, or the type itself.
 * @example shapeToken('tool_executing', 'search') // 'X:search'
 */
export function shapeToken(type: string, toolName: string | undefined): string {
  const letter = LETTERS[type];
  if (letter !== undefined) return letter;
  if (type === 'tool_executing') return toolToken(EXECUTING, 'X:', toolName ?? '?');
  if (type === 'tool_completed') return toolToken(COMPLETED, 'C:', toolName ?? '?');
  return type;
}

/** Tool tokens, made once per tool name (a run shape holds one per tool event). */
const EXECUTING = new Map<string, string>();
const COMPLETED = new Map<string, string>();
const MAX_CACHED_TOOLS = 1000;

function toolToken(cache: Map<string, string>, prefix: string, name: string): string {
  let token = cache.get(name);
  if (token === undefined) {
    token = prefix + name;
    if (cache.size < MAX_CACHED_TOOLS) cache.set(name, token);
  }
  return token;
}

/** What a shape is rendered from: the run's tokens (outside frames and its root span). */
interface ShapeTokens {
  tokens: readonly (string | { parent: unknown; name: string | undefined; tokens: readonly unknown[] })[];
}

function render(tokens: ShapeTokens['tokens'], out: string[]): void {
  for (const token of tokens) {
    if (typeof token === 'string') out.push(token);
    else if (token.parent === undefined) render(token.tokens as ShapeTokens['tokens'], out);
    else {
      out.push(`[${token.name ?? '?'}`);
      render(token.tokens as ShapeTokens['tokens'], out);
      out.push(']');
    }
  }
}

/**
 * A run's shape: its event tokens in order, each sub-agent's span in brackets named by its agent (the root span is
 * not bracketed, so a one-agent run reads as before).
 * @example 'S T [triage S T X:query C:query D ] [data S T D ] D'
 */
export function shapeOf(run: ShapeTokens): string {
  // the one-agent case: the root's own tokens, as they are
  const only = run.tokens.length === 1 ? run.tokens[0] : undefined;
  if (
    only !== undefined &&
    typeof only !== 'string' &&
    only.parent === undefined &&
    (only as { nested?: boolean }).nested === false
  )
    return (only.tokens as string[]).join(' ');
  const out: string[] = [];
  render(run.tokens, out);
  return out.join(' ');
}
