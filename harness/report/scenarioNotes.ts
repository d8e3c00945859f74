import type { ScenarioSummary } from '../../contracts/Summary.ts';

/**
 * What a scenario's row must say besides its counts: why it was skipped ("skipped: the target declares no engine
 * limit …") and each check that could not run ("not checked: resources: …"). Empty for a scenario fully checked.
 * @example scenarioNotes(s).join('; ')
 */
export function scenarioNotes(s: ScenarioSummary): string[] {
  const notes: string[] = [];
  if (s.status === 'skipped') notes.push(`skipped: ${s.skipReason ?? 'no reason given'}`);
  for (const n of s.notChecked ?? []) notes.push(`not checked: ${n.check}: ${n.reason}`);
  return notes;
}
