/** How scenarios are matched between a baseline and a run: the project (if any) and the title. */
export function scenarioKey(scenario: { name: string; project?: string | undefined }): string {
  return scenario.project ? `${scenario.project} › ${scenario.name}` : scenario.name;
}
