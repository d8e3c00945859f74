/** A glob (`golden*`) becomes a regex over titles and file names; anything else is used as a regex source. */
export function scenarioPattern(scenario: string): string {
  if (!/[*?]/.test(scenario) || /[\\^$()|[\]{}+]/.test(scenario)) return scenario;
  return scenario.replace(/[.]/g, '\\.').replace(/\*/g, '.*').replace(/\?/g, '.');
}
