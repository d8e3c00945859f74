import { join } from 'node:path';
import type { Percentiles, ScenarioSummary, Summary } from '../../contracts/Summary.ts';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { compareWithBaseline } from '../baseline/compareWithBaseline.ts';
import { BASELINE_LATENCY, type DefectExpectation } from './defectExpectations.ts';
import { firstEvidenceMs } from './firstEvidenceMs.ts';
import { groupCodes } from './groupCodes.ts';
import { matchesExpected } from './matchesExpected.ts';
import type { SelftestContext } from './SelftestContext.ts';
import type { DefectRow, DetectionStatus, LatencyEvidence } from '../../contracts/SelftestMatrix.ts';

/** Clean passes behind the baseline of a latency-only defect. */
const BASELINE_PASSES = 2;

/**
 * Runs the expectation's scenarios against the backend with this defect alone and says whether a finding of an
 * expected code appeared. A `baseline:latency` expectation first learns a baseline of the clean backend on the same
 * scenarios and compares the defective run with it.
 * @example const row = await detectDefect(DEFECT_EXPECTATIONS['drop-thinking'], ctx)
 */
export async function detectDefect(expectation: DefectExpectation, ctx: SelftestContext): Promise<DefectRow> {
  const spec = expectation.spec ?? expectation.defect;
  const users = ctx.users ?? expectation.users;
  const outDir = join(ctx.outDir, expectation.defect);
  const config = expectation.contract === undefined ? ctx.config : { ...ctx.config, contract: expectation.contract };
  const base = {
    config,
    scenario: expectation.scenario,
    quiet: true,
    maxDurationMs: ctx.timeoutMs,
    ...(users !== undefined && { users }),
  };
  const byBaseline = expectation.codes.includes(BASELINE_LATENCY);

  const clean: Summary[] = [];
  if (byBaseline) {
    for (let pass = 1; pass <= BASELINE_PASSES; pass++) {
      const result = await ctx.run({ ...base, outDir: join(outDir, `clean-${pass}`) });
      if (result.summary) clean.push(result.summary);
    }
  }
  const started = ctx.now();
  const startedWall = Date.now();
  const result = await ctx.run({ ...base, defects: [spec], outDir });
  const runMs = ctx.now() - started;
  const row: DefectRow = {
    defect: expectation.defect,
    spec,
    scenario: expectation.scenario,
    ...(users !== undefined && { users }),
    expected: [...expectation.codes],
    status: 'error',
    exitCode: result.exitCode,
    byGroup: {},
    matched: {},
    runMs,
    why: expectation.why,
    outDir: result.outDir,
  };
  const summary = result.summary;
  if (!summary || result.exitCode === 2 || result.exitCode === 3) {
    row.note = `the run ended with exit ${result.exitCode}${summary ? '' : ' and no summary'}: see ${result.outDir}`;
    return row;
  }
  row.byGroup = groupCodes(summary.findingsByCode);
  for (const [code, count] of Object.entries(summary.findingsByCode))
    if (matchesExpected(code, expectation.codes)) row.matched[code] = count;

  if (byBaseline) {
    if (clean.length === 0) {
      row.note = 'no clean pass produced a summary: nothing to compare with';
      return row;
    }
    const verdict = compareWithBaseline(buildBaseline(clean), summary, ctx.config.thresholds);
    const reasons = verdict.reasons.filter((r) => r.kind === 'latency').map((r) => r.message);
    if (reasons.length > 0) row.matched[BASELINE_LATENCY] = reasons.length;
    const evidence = latencyEvidence(clean, summary, reasons);
    if (evidence) row.latency = evidence;
  } else {
    const first = await firstEvidenceMs(summary, result.outDir, expectation.codes, startedWall);
    if (first !== undefined) row.firstEvidenceMs = first;
  }
  row.status = statusOf(row, summary);
  if (row.status !== 'detected') row.note = noteOf(row, expectation);
  return row;
}

function statusOf(row: DefectRow, summary: Summary): DetectionStatus {
  if (Object.keys(row.matched).length > 0) return 'detected';
  return summary.totals.findings > 0 || summary.totals.failed > 0 ? 'other_codes' : 'missed';
}

function noteOf(row: DefectRow, expectation: DefectExpectation): string {
  const seen = Object.entries(row.byGroup).flatMap(([, codes]) => Object.entries(codes).map(([c, n]) => `${c} ×${n}`));
  const what =
    row.status === 'other_codes'
      ? `the suite failed${seen.length > 0 ? ` with ${seen.join(', ')}` : ' (assertions only, no findings)'}, but no ${row.expected.join(' or ')}`
      : `no finding at all on "${row.scenario}"`;
  return expectation.gap ? `${what}. ${expectation.gap}` : what;
}

/** engine_creation percentiles of the scenario with the most samples, clean (last pass) against defective. */
function latencyEvidence(clean: Summary[], defective: Summary, reasons: string[]): LatencyEvidence | undefined {
  const pick = (s: Summary): ScenarioSummary | undefined =>
    [...s.scenarios].sort(
      (a, b) => (b.latency.engine_creation?.count ?? 0) - (a.latency.engine_creation?.count ?? 0),
    )[0];
  const bad = pick(defective);
  const good = clean.at(-1)?.scenarios.find((s) => s.name === bad?.name);
  const d: Percentiles | undefined = bad?.latency.engine_creation;
  const c: Percentiles | undefined = good?.latency.engine_creation;
  if (!d || !c) return undefined;
  const ratio = (a: number, b: number): number => (b > 0 ? Math.round((a / b) * 10) / 10 : 0);
  return { clean: c, defective: d, p50Ratio: ratio(d.p50, c.p50), p95Ratio: ratio(d.p95, c.p95), reasons };
}
