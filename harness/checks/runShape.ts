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
  if (type === 'tool_executing') return `X:${toolName ?? '?'}`;
  if (type === 'tool_completed') return `C:${toolName ?? '?'}`;
  return type;
}
