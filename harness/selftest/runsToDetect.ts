/**
 * Runs needed to see, with `confidence`, at least one strike of a defect that hits a fraction `probability` of runs,
 * when a fraction `detectionPerStrike` of strikes leaves a finding: n ≥ ln(1 − confidence) / ln(1 − p·q).
 * @example runsToDetect(0.05, 0.99) // 90
 */
export function runsToDetect(probability: number, confidence: number, detectionPerStrike = 1): number {
  const hit = probability * detectionPerStrike;
  if (!(hit > 0 && hit <= 1) || !(confidence > 0 && confidence < 1)) return Number.POSITIVE_INFINITY;
  if (hit === 1) return 1;
  return Math.ceil(Math.log(1 - confidence) / Math.log(1 - hit));
}
