/** A span as the span rules see it: the agent that opened it (undefined when its start named none). */
export interface NamedSpan {
  readonly name: string | undefined;
}

/**
 * The open span a frame of agent `name` belongs to, innermost first: the innermost open span of that name, or for a
 * frame that names no agent the innermost open span. -1 when none fits. The scanner and the client share it, so
 * they agree on when a run's root span ends.
 * @example findOpenSpan([{ name: 'Supervisor' }, { name: 'triage' }], 'Supervisor') // 0
 * @example findOpenSpan([{ name: 'Supervisor' }, { name: 'triage' }], undefined) // 1
 */
export function findOpenSpan(open: readonly NamedSpan[], name: string | undefined): number {
  if (name === undefined) return open.length - 1;
  for (let i = open.length - 1; i >= 0; i--) if (open[i]!.name === name) return i;
  return -1;
}

/**
 * Whether an agent_started of `name` repeats a span that is still open (a duplicate start, not a nested agent): the
 * innermost open span of that name, or for a start without a name an innermost span that has none either.
 */
export function repeatsOpenSpan(open: readonly NamedSpan[], name: string | undefined): number {
  if (name !== undefined) return findOpenSpan(open, name);
  const innermost = open.length - 1;
  return innermost >= 0 && open[innermost]!.name === undefined ? innermost : -1;
}
