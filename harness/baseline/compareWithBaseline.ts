import { findingGroup, type FindingCode } from '../../contracts/Finding.ts';
import type { LatencyName, ScenarioSummary, Summary } from '../../contracts/Summary.ts';
import { ThresholdsConfig } from '../../contracts/ThresholdsConfig.ts';
import type { Baseline, BaselineScenario } from '../../contracts/Baseline.ts';
import { shapeTotal } from './buildBaseline.ts';
import { isIgnored } from './isIgnored.ts';
import type { Stat } from '../../contracts/Stat.ts';
import { statOf } from './statOf.ts';
import { reason, type Reason, type ReasonKind, type Verdict } from '../../contracts/Verdict.ts';
import { scenarioKey } from './scenarioKey.ts';
import { agentSkeletonCounts, skeletonCounts, splitSkeleton } from './shapeSkeleton.ts';

export interface CompareOptions {
  /** The migration step this run validates. */
  step?: string;
  /** Where the baseline was read from, for the report. */
  baselineFile?: string;
}

/** Factory metrics whose growth beyond the baseline's noise is a resource regression. */
const COUNTED_METRICS = ['creation_errors', 'cleanup_errors', 'user_limit_rejections'];
const MAX_EXAMPLES = 3;
/** Fewest samples a percentile needs to be compared: the p95 of 12 runs is their maximum, which is noise. */
export const MIN_SAMPLES = { p50: 1, p95: 20, p99: 100, max: 1 } as const;
const ZERO = statOf([0]);
/** Environment entries that describe the run's outcome, not the machine (baselines recorded before summary.result). */
const RESULT_KEYS = new Set(['playwrightStatus']);

/**
 * Compares one run with a baseline. Isolation findings make it BROKEN whatever the baseline says; new findings,
 * shape shifts, latency beyond noise and thresholds, and engines not returning to zero make it REGRESSED.
 * @example const verdict = compareWithBaseline(baseline, summary, config.thresholds, { step: 'step-2' })
 */
export function compareWithBaseline(
  baseline: Baseline,
  summary: Summary,
  thresholds: Partial<ThresholdsConfig> = {},
  options: CompareOptions = {},
): Verdict {
  const limits = ThresholdsConfig.parse(thresholds);
  const reasons: Reason[] = [];
  const improvements: Reason[] = [];
  const notes: string[] = [];
  const ignored: Reason[] = [];
  const keep = (r: Reason, into: Reason[]): void => {
    if (r.kind !== 'isolation' && r.field !== undefined && isIgnored(r.field, limits.ignore)) ignored.push(r);
    else into.push(r);
  };

  if (baseline.contractVersion !== summary.contractVersion)
    notes.push(`contract version differs: baseline ${baseline.contractVersion}, run ${summary.contractVersion}`);
  const envDiff = Object.keys({ ...baseline.environment, ...summary.environment }).filter(
    (k) => !RESULT_KEYS.has(k) && baseline.environment[k] !== summary.environment[k],
  );
  if (envDiff.length > 0)
    notes.push(
      `environment differs in ${envDiff.map((k) => `${k} (${String(baseline.environment[k] ?? '-')} → ${String(summary.environment[k] ?? '-')})`).join(', ')}`,
    );
  if (baseline.passes === 1) notes.push('the baseline has one pass: its noise is 0');
  if (limits.ignore.some((entry) => entry === 'isolation' || entry.startsWith('isolation.')))
    notes.push('thresholds.ignore cannot silence isolation findings: they were compared anyway');

  const current = new Map(summary.scenarios.map((s) => [scenarioKey(s), s]));
  for (const base of baseline.scenarios) {
    if (base.passes === 0) continue;
    const cur = current.get(base.key);
    if (!cur || cur.status === 'skipped') {
      keep(
        reason(
          'missing_scenario',
          base.key,
          'scenario',
          `to run (it ran in ${base.passes} baseline passes)`,
          cur ? 'skipped' : 'not run',
          { field: 'scenarios' },
        ),
        reasons,
      );
    }
  }
  for (const [key, cur] of current) {
    if (cur.status === 'skipped') continue;
    const base = baseline.scenarios.find((b) => b.key === key);
    const before = reasons.length;
    compareIsolation(key, cur).forEach((r) => keep(r, reasons));
    if (!base) {
      notes.push(`scenario "${key}" is not in the baseline: only isolation was checked`);
      continue;
    }
    compareFindings(key, base, cur, reasons, improvements, keep);
    compareShapes(key, base, cur, limits).forEach((r) => keep(r, reasons));
    compareAgents(key, base, cur, limits).forEach((r) => keep(r, reasons));
    compareLatency(key, base, cur, limits, reasons, improvements, keep, notes);
    compareResources(key, base, cur).forEach((r) => keep(r, reasons));
    if (
      reasons.length === before &&
      base.statuses.every((s) => s === 'passed') &&
      ['failed', 'timedOut', 'interrupted'].includes(cur.status)
    ) {
      keep(
        reason(
          cur.error ? 'infra' : 'completeness',
          key,
          'scenario status',
          'passed',
          cur.error ? `${cur.status} (${cur.error})` : cur.status,
          { field: 'status' },
        ),
        reasons,
      );
    }
  }
  if (ignored.length > 0)
    notes.push(`ignored by thresholds.ignore: ${ignored.map((r) => `${r.scenario}: ${r.what}`).join('; ')}`);

  const verdict: Verdict = {
    status: reasons.some((r) => r.kind === 'isolation') ? 'BROKEN' : reasons.length > 0 ? 'REGRESSED' : 'PASS',
    reasons,
    improvements,
    notes,
    baseline: { createdAt: baseline.createdAt, passes: baseline.passes },
    runId: summary.runId,
  };
  if (baseline.name !== undefined && verdict.baseline) verdict.baseline.name = baseline.name;
  if (options.baselineFile !== undefined && verdict.baseline) verdict.baseline.file = options.baselineFile;
  if (options.step !== undefined) verdict.step = options.step;
  return verdict;
}

function examplesOf(cur: ScenarioSummary, code: string): string[] {
  return cur.findings
    .filter((f) => f.code === code)
    .slice(0, MAX_EXAMPLES)
    .map((f) => f.message);
}

function compareIsolation(key: string, cur: ScenarioSummary): Reason[] {
  const codes = new Set(
    [...Object.keys(cur.findingsByCode), ...cur.findings.map((f) => f.code)].filter((c) => c.startsWith('isolation.')),
  );
  return [...codes]
    .sort()
    .map((code) => {
      const count = cur.findingsByCode[code] ?? cur.findings.filter((f) => f.code === code).length;
      return reason('isolation', key, `${code} findings`, '0 (isolation is never within noise)', String(count), {
        field: `findings.${code}`,
        examples: examplesOf(cur, code),
      });
    })
    .filter((r) => r.received !== '0');
}

function compareFindings(
  key: string,
  base: BaselineScenario,
  cur: ScenarioSummary,
  reasons: Reason[],
  improvements: Reason[],
  keep: (r: Reason, into: Reason[]) => void,
): void {
  const codes = new Set([...Object.keys(base.findingsByCode), ...Object.keys(cur.findingsByCode)]);
  for (const code of [...codes].sort()) {
    if (code.startsWith('isolation.')) continue;
    const stat = base.findingsByCode[code] ?? ZERO;
    const count = cur.findingsByCode[code] ?? 0;
    const upper = stat.mean + stat.noise;
    const kind = groupKind(code);
    const field = `findings.${code}`;
    if (count > upper) {
      keep(
        reason(
          kind,
          key,
          `${code} findings`,
          stat.max === 0
            ? '0 (none in the baseline)'
            : `at most ${fmt(upper)} (baseline ${range(stat)}, noise ${fmt(stat.noise)})`,
          String(count),
          { field, examples: examplesOf(cur, code) },
        ),
        reasons,
      );
    } else if (stat.min > 0 && count < stat.mean - stat.noise) {
      keep(
        reason(kind, key, `${code} findings`, `about ${fmt(stat.mean)} (baseline ${range(stat)})`, `${count} (fewer)`, {
          field,
        }),
        improvements,
      );
    }
  }
}

function groupKind(code: string): ReasonKind {
  const group = findingGroup(code as FindingCode);
  return group === 'contract' ||
    group === 'order' ||
    group === 'completeness' ||
    group === 'latency' ||
    group === 'resources' ||
    group === 'infra'
    ? group
    : 'contract';
}

function compareShapes(key: string, base: BaselineScenario, cur: ScenarioSummary, limits: ThresholdsConfig): Reason[] {
  const skeletons = skeletonCounts(cur.shapes);
  const total = shapeTotal(skeletons);
  const out: Reason[] = [];
  for (const skeleton of [...new Set([...Object.keys(base.skeletons), ...Object.keys(skeletons)])].sort()) {
    const stat = base.skeletons[skeleton]?.share ?? ZERO;
    const count = skeletons[skeleton] ?? 0;
    const share = total === 0 ? 0 : count / total;
    const allowed = stat.noise + limits.shapeShareTolerance;
    if (Math.abs(share - stat.mean) <= allowed + 1e-9) continue;
    const change = count === 0 ? 'vanished' : stat.max === 0 ? 'appeared' : share > stat.mean ? 'grew' : 'shrank';
    const example =
      Object.keys(cur.shapes).find((s) => splitSkeleton(s).root === skeleton) ??
      Object.keys(base.shapes).find((s) => splitSkeleton(s).root === skeleton);
    out.push(
      reason(
        'shape',
        key,
        `share of runs shaped "${skeleton}"`,
        `${pct(stat.mean)} ± ${pct(allowed)} (noise ${pct(stat.noise)} + tolerance ${pct(limits.shapeShareTolerance)})`,
        `${pct(share)}, ${count} of ${total} runs (${change})`,
        { field: `shapes.${skeleton}`, ...(example !== undefined && { examples: [`e.g. ${example}`] }) },
      ),
    );
  }
  return out;
}

/** A sub-agent span that vanished or appeared counts only when chance explains it with at most this probability. */
const CHANCE = 0.01;

/** A cautious (one-sided 95 %, Wilson) lower bound of a share seen in `count` of `n` runs. */
function shareLowerBound(count: number, n: number): number {
  if (n === 0 || count === 0) return 0;
  const z2 = 1.645 ** 2;
  const p = count / n;
  return (p + z2 / (2 * n) - Math.sqrt(z2) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

/**
 * Sub-agent spans: which ones run varies by request, so their shares are noise; a regression is one that no longer runs
 * at all (vanished), or a sub-agent skeleton the baseline never showed (appeared: e.g. a sub-agent that lost its
 * agent_thinking), each only when chance cannot explain it (at most CHANCE, from a cautious share on the side that saw
 * it). Baselines recorded before spans (no `agents`) are not compared here.
 */
function compareAgents(key: string, base: BaselineScenario, cur: ScenarioSummary, limits: ThresholdsConfig): Reason[] {
  if (base.agents === undefined) return [];
  const counts = agentSkeletonCounts(cur.shapes);
  const total = shapeTotal(cur.shapes);
  // runs of all baseline passes together
  const baseRuns = Object.values(base.shapes).reduce((sum, shape) => sum + shape.counts.reduce((a, b) => a + b, 0), 0);
  const out: Reason[] = [];
  if (total === 0) return out;
  for (const agent of [...new Set([...Object.keys(base.agents), ...Object.keys(counts)])].sort()) {
    const stat = base.agents[agent]?.share ?? ZERO;
    const count = counts[agent] ?? 0;
    const share = count / total;
    const example = Object.keys(count === 0 ? base.shapes : cur.shapes).find((s) =>
      splitSkeleton(s).agents.includes(agent),
    );
    const examples = example !== undefined ? { examples: [`e.g. ${example}`] } : {};
    const baseCount = base.agents[agent]?.counts.reduce((a, b) => a + b, 0) ?? 0;
    // vanished: even at the lowest share the baseline allows, missing it in every current run is unlikely
    if (count === 0 && baseCount > 0 && (1 - shareLowerBound(baseCount, baseRuns)) ** total <= CHANCE) {
      out.push(
        reason(
          'shape',
          key,
          `runs with the sub-agent span "${agent}"`,
          `in about ${pct(stat.mean)} of runs (baseline ${pct(stat.min)}–${pct(stat.max)})`,
          `0 of ${total} runs (vanished)`,
          { field: `agents.${agent}`, ...examples },
        ),
      );
      // appeared: even at the lowest share the current runs allow, the baseline would hardly have missed it in all its runs
    } else if (
      baseCount === 0 &&
      share > limits.shapeShareTolerance + 1e-9 &&
      (1 - shareLowerBound(count, total)) ** baseRuns <= CHANCE
    ) {
      out.push(
        reason(
          'shape',
          key,
          `runs with the sub-agent span "${agent}"`,
          `none (the baseline never showed it; tolerance ${pct(limits.shapeShareTolerance)})`,
          `${pct(share)}, ${count} of ${total} runs (appeared)`,
          { field: `agents.${agent}`, ...examples },
        ),
      );
    }
  }
  return out;
}

function compareLatency(
  key: string,
  base: BaselineScenario,
  cur: ScenarioSummary,
  limits: ThresholdsConfig,
  reasons: Reason[],
  improvements: Reason[],
  keep: (r: Reason, into: Reason[]) => void,
  notes: string[],
): void {
  const skipped = new Map<string, { samples: number; names: string[] }>();
  for (const [name, entry] of Object.entries(base.latency) as [
    LatencyName,
    NonNullable<BaselineScenario['latency'][LatencyName]>,
  ][]) {
    const now = cur.latency[name];
    if (!now || now.count === 0) continue;
    const samples = Math.min(now.count, ...entry.passes.map((p) => p.count));
    for (const p of limits.latencyPercentiles) {
      if (samples < MIN_SAMPLES[p]) {
        const entry = skipped.get(p) ?? { samples, names: [] };
        entry.samples = Math.min(entry.samples, samples);
        entry.names.push(name);
        skipped.set(p, entry);
        continue;
      }
      const stat = entry[p];
      const value = now[p];
      const margin = Math.max(stat.noise, limits.latencyRelative * stat.mean, limits.latencyAbsoluteMs);
      const delta = value - stat.mean;
      const field = `latency.${name}.${p}`;
      const why = `noise ${ms(stat.noise)}, +${Math.round(limits.latencyRelative * 100)}%, +${limits.latencyAbsoluteMs} ms`;
      if (delta > margin) {
        keep(
          reason(
            'latency',
            key,
            `${name} ${p}${name === 'engine_creation' ? ' (the factory SLA)' : ''}`,
            `at most ${ms(stat.mean + margin)} (baseline ${ms(stat.mean)}; ${why})`,
            `${ms(value)} (+${ms(delta)})`,
            { field },
          ),
          reasons,
        );
      } else if (-delta > margin) {
        keep(
          reason('latency', key, `${name} ${p}`, `about ${ms(stat.mean)} (${why})`, `${ms(value)} (−${ms(-delta)})`, {
            field,
          }),
          improvements,
        );
      }
    }
  }
  for (const [p, { samples, names }] of skipped)
    notes.push(
      `scenario "${key}": ${p} not compared, ${samples} sample${samples === 1 ? '' : 's'} (needs ${MIN_SAMPLES[p as keyof typeof MIN_SAMPLES]}): ${names.join(', ')}`,
    );
}

function compareResources(key: string, base: BaselineScenario, cur: ScenarioSummary): Reason[] {
  const out: Reason[] = [];
  const delta = cur.metricsDelta ?? {};
  const active = delta.active_engines_count;
  if (active !== undefined && active > 0) {
    out.push(
      reason('resources', key, 'active_engines_count after the scenario', '0 (every engine released)', `+${active}`, {
        field: 'metricsDelta.active_engines_count',
      }),
    );
  }
  for (const metric of COUNTED_METRICS) {
    const value = delta[metric];
    if (value === undefined) continue;
    const stat = base.metricsDelta[metric] ?? ZERO;
    if (value > stat.mean + stat.noise)
      out.push(
        reason(
          'resources',
          key,
          `${metric} during the scenario`,
          `at most ${fmt(stat.mean + stat.noise)} (baseline ${range(stat)})`,
          fmt(value),
          { field: `metricsDelta.${metric}` },
        ),
      );
  }
  return out;
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}
function range(stat: Stat): string {
  return stat.min === stat.max ? fmt(stat.min) : `${fmt(stat.min)}–${fmt(stat.max)}`;
}
function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}
function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}
