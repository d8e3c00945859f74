import type { LatencyName, Percentiles, ScenarioSummary, Summary } from '../../contracts/Summary.ts';
import { UsageError } from '../common/GoldpathError.ts';
import {
  BASELINE_FORMAT,
  BASELINE_VERSION,
  type Baseline,
  type BaselineLatency,
  type BaselineScenario,
} from '../../contracts/Baseline.ts';
import { round, statOf } from './statOf.ts';
import { scenarioKey } from './scenarioKey.ts';
import { agentSkeletonCounts, skeletonCounts } from './shapeSkeleton.ts';

export interface BuildBaselineOptions {
  name?: string;
  now?: Date;
}

/**
 * Learns a baseline from K ≥ 1 summaries of the same code: shape distribution, finding counts, latency
 * percentiles and metrics deltas per pass, with the spread between passes as noise.
 * @example const baseline = buildBaseline([pass1, pass2], { name: 'pre-migration' })
 */
export function buildBaseline(summaries: Summary[], options: BuildBaselineOptions = {}): Baseline {
  const first = summaries[0];
  if (!first)
    throw new UsageError(
      'GOLDPATH_BASELINE_NO_PASSES',
      'a baseline needs at least one summary: run the suite with --passes 1 or more.',
    );
  const warnings: string[] = [];
  if (summaries.length === 1)
    warnings.push('one pass only: noise is 0, so any difference will count. Record with --passes 2 or more.');
  const contractVersions = [...new Set(summaries.map((s) => s.contractVersion))];
  if (contractVersions.length > 1)
    warnings.push(`passes used different contract versions: ${contractVersions.join(', ')}`);
  summaries.forEach((s, i) => {
    if (s.status !== 'passed')
      warnings.push(`pass ${i + 1} (${s.runId}) ended ${s.status}: its findings are part of the baseline`);
  });

  const keys = new Map<string, ScenarioSummary>();
  for (const summary of summaries)
    for (const scenario of summary.scenarios)
      if (!keys.has(scenarioKey(scenario))) keys.set(scenarioKey(scenario), scenario);

  const scenarios: BaselineScenario[] = [];
  for (const [key, sample] of keys) {
    const runsOf = summaries
      .map((s) => s.scenarios.find((c) => scenarioKey(c) === key))
      .filter((c): c is ScenarioSummary => c !== undefined && c.status !== 'skipped');
    if (runsOf.length < summaries.length)
      warnings.push(`scenario "${key}" ran in ${runsOf.length} of ${summaries.length} passes`);
    const scenario = buildScenario(key, sample, runsOf);
    if ((scenario.metricsDelta.active_engines_count?.max ?? 0) > 0)
      warnings.push(
        `scenario "${key}": active_engines_count did not return to zero in the baseline; every validation will report it`,
      );
    scenarios.push(scenario);
  }

  const baseline: Baseline = {
    format: BASELINE_FORMAT,
    version: BASELINE_VERSION,
    createdAt: (options.now ?? new Date()).toISOString(),
    goldpathVersion: first.goldpathVersion,
    contractVersion: first.contractVersion,
    target: first.target,
    environment: first.environment,
    passes: summaries.length,
    runIds: summaries.map((s) => s.runId),
    warnings,
    scenarios,
  };
  if (options.name !== undefined) baseline.name = options.name;
  return baseline;
}

/** Counts and shares per key in each pass; a share is of the pass's runs (`totals`, else the counts' own sum). */
function distribution(perPass: Record<string, number>[], totals?: number[]): BaselineScenario['shapes'] {
  const out: BaselineScenario['shapes'] = {};
  for (const shape of [...new Set(perPass.flatMap((p) => Object.keys(p)))].sort()) {
    const counts = perPass.map((p) => p[shape] ?? 0);
    const shares = perPass.map((p, i) => {
      const total = totals?.[i] ?? shapeTotal(p);
      return total === 0 ? 0 : round((counts[i] ?? 0) / total);
    });
    out[shape] = { counts, share: statOf(shares) };
  }
  return out;
}

function buildScenario(key: string, sample: ScenarioSummary, passes: ScenarioSummary[]): BaselineScenario {
  const shapes = distribution(passes.map((p) => p.shapes));
  const skeletons = distribution(passes.map((p) => skeletonCounts(p.shapes)));
  const agents = distribution(
    passes.map((p) => agentSkeletonCounts(p.shapes)),
    passes.map((p) => shapeTotal(p.shapes)),
  );

  const findingsByCode: BaselineScenario['findingsByCode'] = {};
  for (const code of [...new Set(passes.flatMap((p) => Object.keys(p.findingsByCode)))].sort()) {
    findingsByCode[code] = statOf(passes.map((p) => p.findingsByCode[code] ?? 0));
  }

  const latency: BaselineScenario['latency'] = {};
  const names = new Set(passes.flatMap((p) => Object.keys(p.latency))) as Set<LatencyName>;
  for (const name of names) {
    const perPass = passes.map((p) => p.latency[name]).filter((l): l is Percentiles => l !== undefined && l.count > 0);
    if (perPass.length === 0) continue;
    const entry: BaselineLatency = {
      passes: perPass,
      p50: statOf(perPass.map((l) => l.p50)),
      p95: statOf(perPass.map((l) => l.p95)),
      p99: statOf(perPass.map((l) => l.p99)),
      max: statOf(perPass.map((l) => l.max)),
    };
    latency[name] = entry;
  }

  const metricsDelta: BaselineScenario['metricsDelta'] = {};
  for (const metric of [...new Set(passes.flatMap((p) => Object.keys(p.metricsDelta ?? {})))].sort()) {
    metricsDelta[metric] = statOf(passes.map((p) => p.metricsDelta?.[metric] ?? 0));
  }

  const scenario: BaselineScenario = {
    key,
    name: sample.name,
    passes: passes.length,
    statuses: passes.map((p) => p.status),
    users: Math.max(0, ...passes.map((p) => p.users)),
    runs: statOf(passes.map((p) => p.runs)),
    shapes,
    skeletons,
    ...(Object.keys(agents).length > 0 && { agents }),
    findingsByCode,
    latency,
    metricsDelta,
  };
  if (sample.project !== undefined) scenario.project = sample.project;
  return scenario;
}

/** Runs that have a shape (the denominator of shape shares). */
export function shapeTotal(shapes: Record<string, number>): number {
  return Object.values(shapes).reduce((a, b) => a + b, 0);
}
