import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../common/GoldpathError.ts';
import { makeFinding, makeScenario, makeSummary } from '../report/testing/makeSummary.ts';
import { mergeReportDirs } from './mergeReportDirs.ts';
import { mergeSummaries } from './mergeSummaries.ts';
import type { Summary } from '../../contracts/Summary.ts';

const clean = makeScenario({ name: 'golden path', histories: ['histories/golden.jsonl'] });
const leaky = makeScenario({
  name: 'isolation probe',
  status: 'failed',
  findingsByCode: { 'isolation.foreign_canary': 2 },
  findings: [makeFinding('isolation.foreign_canary'), makeFinding('isolation.foreign_canary')],
  histories: ['histories/isolation.jsonl'],
});

describe('mergeSummaries', () => {
  it('gives the summary of one unsharded run: scenarios concatenated, totals and codes summed, worst status', () => {
    const unsharded = makeSummary([clean, leaky]);
    const shard1 = makeSummary([clean], {
      runId: 'a',
      startedAt: '2026-11-23T10:00:00.000Z',
      finishedAt: '2026-11-23T10:00:03.000Z',
    });
    const shard2 = makeSummary([leaky], {
      runId: 'b',
      startedAt: '2026-11-23T10:00:01.000Z',
      finishedAt: '2026-11-23T10:00:06.000Z',
    });
    const { summary, warnings } = mergeSummaries([shard1, shard2]);
    expect(warnings).toEqual([]);
    expect(summary.scenarios.map((s) => s.name)).toEqual(['golden path', 'isolation probe']);
    expect(summary.totals).toEqual(unsharded.totals);
    expect(summary.findingsByCode).toEqual({ 'isolation.foreign_canary': 2 });
    expect(summary.status).toBe('failed');
    expect(summary.durationMs).toBe(6000);
    expect(summary.runId).toMatch(/^merged-[0-9a-f]{8}$/);
    expect(summary.environment).toMatchObject({ shards: 2, shardRunIds: 'a,b' });
  });

  it('sums the skipped scenarios of the shards', () => {
    const skipped = makeScenario({ name: 'needs a browser', status: 'skipped', skipReason: 'no browser' });
    const shard = (scenarios: ReturnType<typeof makeScenario>[]) =>
      makeSummary(scenarios, {
        totals: { ...makeSummary(scenarios).totals, skipped: scenarios.filter((s) => s.status === 'skipped').length },
      });
    expect(mergeSummaries([shard([clean, skipped]), shard([leaky])]).summary.totals.skipped).toBe(1);
  });

  it('ranks an infrastructure error above findings', () => {
    const { summary } = mergeSummaries([
      makeSummary([leaky]),
      makeSummary([], { status: 'infrastructure_error' }),
      makeSummary([clean]),
    ]);
    expect(summary.status).toBe('infrastructure_error');
  });

  it('warns when a scenario appears in two shards', () => {
    const { warnings } = mergeSummaries([makeSummary([clean]), makeSummary([clean])]);
    expect(warnings).toEqual(['scenario "golden path" is in shards 1 and 2: was one shard merged twice?']);
  });

  it('refuses shards checked against different contract versions', () => {
    expect(() => mergeSummaries([makeSummary([clean]), makeSummary([leaky], { contractVersion: '2.0.0' })])).toThrow(
      new UsageError(
        'GOLDPATH_MERGE_CONTRACT_MISMATCH',
        'the shards were checked against different contract versions (1.0.0, 2.0.0): rerun them with one goldpath version before merging.',
      ),
    );
  });
});

describe('mergeReportDirs', () => {
  it('copies the histories of every shard, renaming a clash', async () => {
    const root = mkdtempSync(join(tmpdir(), 'goldpath-merge-'));
    for (const [i, scenario] of [clean, { ...clean, name: 'golden path 2' }].entries()) {
      const dir = join(root, `shard-${i + 1}`);
      mkdirSync(join(dir, 'histories'), { recursive: true });
      writeFileSync(join(dir, 'histories', 'golden.jsonl'), `{"shard":${i + 1}}\n`);
      writeFileSync(join(dir, 'summary.json'), JSON.stringify(makeSummary([scenario])));
    }
    const { summary } = await mergeReportDirs([join(root, 'shard-1'), join(root, 'shard-2')], join(root, 'merged'));
    expect(summary.scenarios.map((s) => s.histories)).toEqual([
      ['histories/golden.jsonl'],
      ['histories/shard2-golden.jsonl'],
    ]);
    expect(readFileSync(join(root, 'merged', 'histories', 'shard2-golden.jsonl'), 'utf8')).toBe('{"shard":2}\n');
  });

  it('names a directory without summary.json', async () => {
    const root = mkdtempSync(join(tmpdir(), 'goldpath-merge-'));
    await expect(mergeReportDirs([root], join(root, 'merged'))).rejects.toThrow(
      `no summary.json in ${root}: pass the report directories (--out) of the shard runs.`,
    );
  });
});

describe('mergeSummaries run results', () => {
  const result = (overrides: Partial<NonNullable<Summary['result']>> = {}): NonNullable<Summary['result']> => ({
    playwrightStatus: 'passed',
    listed: 1,
    finished: 1,
    errors: [],
    problems: [],
    ...overrides,
  });

  it("sums what each shard listed and finished and names each shard's problems", () => {
    const { summary } = mergeSummaries([
      makeSummary([clean], { result: result() }),
      makeSummary([leaky], {
        status: 'infrastructure_error',
        result: result({ playwrightStatus: 'timedout', listed: 3, problems: ['2 of 3 listed scenarios did not run'] }),
      }),
    ]);
    expect(summary.result).toEqual({
      playwrightStatus: 'timedout',
      listed: 4,
      finished: 2,
      errors: [],
      problems: ['shard 2: 2 of 3 listed scenarios did not run'],
    });
  });

  it("has no run result when a shard has none, rather than the first shard's", () => {
    expect(
      mergeSummaries([makeSummary([clean], { result: result() }), makeSummary([leaky])]).summary.result,
    ).toBeUndefined();
  });
});
