import { createHash } from 'node:crypto';
import type { RunResult, Summary } from '../../contracts/Summary.ts';
import { UsageError } from '../common/GoldpathError.ts';

const STATUS_RANK: Record<Summary['status'], number> = {
  passed: 0,
  failed: 1,
  infrastructure_error: 2,
  interrupted: 3,
};

export interface MergeResult {
  summary: Summary;
  /** Things worth a warning: a scenario present in several shards, different goldpath versions or targets. */
  warnings: string[];
}

/**
 * Merges the summaries of the shards of one suite (`goldpath run --shard i/n` on n machines) into the summary
 * one unsharded run would have written: scenarios concatenated, totals and findingsByCode summed, status the worst.
 * Shards checked against different contract versions cannot be merged (UsageError).
 * @example const { summary } = mergeSummaries([shard1, shard2])
 */
export function mergeSummaries(shards: readonly Summary[]): MergeResult {
  const first = shards[0];
  if (!first)
    throw new UsageError(
      'GOLDPATH_MERGE_NOTHING',
      'nothing to merge: give the report directories of the shard runs, e.g. goldpath merge reports/shard-1 reports/shard-2.',
    );
  const warnings: string[] = [];
  const contracts = [...new Set(shards.map((s) => s.contractVersion))];
  if (contracts.length > 1) {
    throw new UsageError(
      'GOLDPATH_MERGE_CONTRACT_MISMATCH',
      `the shards were checked against different contract versions (${contracts.join(', ')}): rerun them with one goldpath version before merging.`,
    );
  }
  const versions = [...new Set(shards.map((s) => s.goldpathVersion))];
  if (versions.length > 1)
    warnings.push(
      `the shards ran different goldpath versions (${versions.join(', ')}); the merged summary says ${first.goldpathVersion}`,
    );
  const targets = [...new Set(shards.map((s) => `${s.target.kind} ${s.target.label ?? s.target.url ?? ''}`.trim()))];
  if (targets.length > 1) warnings.push(`the shards ran against different targets (${targets.join('; ')})`);

  const seen = new Map<string, number>();
  shards.forEach((shard, index) => {
    for (const scenario of shard.scenarios) {
      const key = `${scenario.project ?? ''}|${scenario.file ?? ''}|${scenario.name}`;
      const where = seen.get(key);
      if (where !== undefined && where !== index)
        warnings.push(
          `scenario "${scenario.name}" is in shards ${where + 1} and ${index + 1}: was one shard merged twice?`,
        );
      seen.set(key, index);
    }
  });

  const startedAt = shards.map((s) => s.startedAt).reduce((a, b) => (Date.parse(b) < Date.parse(a) ? b : a));
  const finishedAt = shards.map((s) => s.finishedAt).reduce((a, b) => (Date.parse(b) > Date.parse(a) ? b : a));
  const runIds = [...new Set(shards.map((s) => s.runId))];
  const { result: _firstResult, ...base } = first;
  const summary: Summary = {
    ...base,
    runId:
      runIds.length === 1
        ? first.runId
        : `merged-${createHash('sha256').update(runIds.join('|')).digest('hex').slice(0, 8)}`,
    startedAt,
    finishedAt,
    durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)),
    environment: { ...first.environment, shards: shards.length, shardRunIds: runIds.join(',') },
    ...mergeResults(shards),
    scenarios: shards.flatMap((s) => s.scenarios),
    totals: {
      scenarios: sum(shards, (s) => s.totals.scenarios),
      passed: sum(shards, (s) => s.totals.passed),
      failed: sum(shards, (s) => s.totals.failed),
      ...(shards.some((s) => s.totals.skipped !== undefined) && { skipped: sum(shards, (s) => s.totals.skipped ?? 0) }),
      runs: sum(shards, (s) => s.totals.runs),
      events: sum(shards, (s) => s.totals.events),
      findings: sum(shards, (s) => s.totals.findings),
    },
    findingsByCode: addCounts(shards.map((s) => s.findingsByCode)),
    status: shards.map((s) => s.status).reduce((a, b) => (STATUS_RANK[b] > STATUS_RANK[a] ? b : a)),
  };
  return { summary, warnings };
}

const PLAYWRIGHT_RANK: Record<RunResult['playwrightStatus'], number> = {
  passed: 0,
  failed: 1,
  interrupted: 2,
  timedout: 3,
};

/** The shards' run results as one: counts summed, worst Playwright status, each error and problem named by its shard. */
function mergeResults(shards: readonly Summary[]): { result?: RunResult } {
  const results = shards.map((s) => s.result);
  if (!results.every((r): r is RunResult => r !== undefined)) return {};
  const tagged = (pick: (r: RunResult) => string[]): string[] =>
    results.flatMap((r, i) => pick(r).map((text) => (shards.length > 1 ? `shard ${i + 1}: ${text}` : text)));
  return {
    result: {
      playwrightStatus: results
        .map((r) => r.playwrightStatus)
        .reduce((a, b) => (PLAYWRIGHT_RANK[b] > PLAYWRIGHT_RANK[a] ? b : a)),
      listed: results.reduce((t, r) => t + r.listed, 0),
      finished: results.reduce((t, r) => t + r.finished, 0),
      errors: tagged((r) => r.errors),
      problems: tagged((r) => r.problems),
    },
  };
}

function sum(shards: readonly Summary[], pick: (s: Summary) => number): number {
  return shards.reduce((total, shard) => total + pick(shard), 0);
}

function addCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const record of counts) for (const [code, n] of Object.entries(record)) out[code] = (out[code] ?? 0) + n;
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
