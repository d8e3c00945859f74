/** Time for starting workers and targets and writing the reports, on top of the scenarios' own deadlines. */
export const BUDGET_OVERHEAD_MS = 60_000;

/**
 * The suite's wall-time budget (--max-duration): the explicit one, else derived from the scenarios' deadlines — the
 * rounds of scenarios each worker runs, each within its deadline, plus the fixed overhead.
 * @example suiteBudgetMs({ tests: 17, workers: 2, scenarioTimeoutMs: 120_000 }) // 1_140_000 (9 rounds × 2 min + 1 min)
 */
export function suiteBudgetMs(input: {
  tests: number;
  workers: number;
  scenarioTimeoutMs: number;
  explicitMs?: number | undefined;
}): number {
  if (input.explicitMs !== undefined && input.explicitMs > 0) return input.explicitMs;
  const rounds = Math.ceil(Math.max(1, input.tests) / Math.max(1, input.workers));
  return BUDGET_OVERHEAD_MS + rounds * (input.scenarioTimeoutMs > 0 ? input.scenarioTimeoutMs : 120_000);
}
