import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildBaseline } from '../baseline/buildBaseline.ts';
import { setQuiet } from '../common/log.ts';
import { makeFinding, makeScenario, makeSummary } from '../report/testing/makeSummary.ts';
import { main } from './main.ts';

function shardDir(root: string, name: string, scenarios: ReturnType<typeof makeScenario>[]): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(makeSummary(scenarios, { runId: name })));
  return dir;
}

describe('goldpath merge', () => {
  afterEach(() => {
    process.exitCode = undefined;
    setQuiet(false);
  });

  it('writes the merged reports and exits 1 when a shard has findings', async () => {
    setQuiet(true);
    const root = mkdtempSync(join(tmpdir(), 'goldpath-merge-cli-'));
    const a = shardDir(root, 'shard-1', [makeScenario({ name: 'golden path' })]);
    const b = shardDir(root, 'shard-2', [
      makeScenario({
        name: 'isolation probe',
        status: 'failed',
        findingsByCode: { 'isolation.foreign_canary': 1 },
        findings: [makeFinding('isolation.foreign_canary')],
      }),
    ]);
    const out = join(root, 'merged');
    expect(await main(['merge', a, b, '--out', out])).toBe(1);
    for (const file of ['summary.json', 'junit.xml', 'summary.md', 'index.html'])
      expect(existsSync(join(out, file))).toBe(true);
    const merged = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { totals: unknown; status: string };
    expect(merged.totals).toEqual({ scenarios: 2, passed: 1, failed: 1, runs: 40, events: 240, findings: 1 });
    expect(merged.status).toBe('failed');
  });

  it('with --baseline gives the verdict of the merged run: PASS for clean shards, BROKEN for a leaking one', async () => {
    setQuiet(true);
    const root = mkdtempSync(join(tmpdir(), 'goldpath-merge-cli-'));
    const baseline = join(root, 'baseline.json');
    const clean = [makeScenario({ name: 'golden path' }), makeScenario({ name: 'isolation probe' })];
    writeFileSync(baseline, JSON.stringify(buildBaseline([makeSummary(clean), makeSummary(clean)], { name: 'pre' })));
    const a = shardDir(root, 'shard-1', [clean[0]!]);
    const passing = shardDir(root, 'shard-2', [clean[1]!]);
    expect(await main(['merge', a, passing, '--out', join(root, 'pass'), '--baseline', baseline])).toBe(0);
    expect(JSON.parse(readFileSync(join(root, 'pass', 'verdict.json'), 'utf8'))).toMatchObject({ status: 'PASS' });
    const leaking = shardDir(root, 'shard-2-leak', [
      makeScenario({
        name: 'isolation probe',
        status: 'failed',
        findingsByCode: { 'isolation.foreign_canary': 1 },
        findings: [makeFinding('isolation.foreign_canary', { user: 'u-2', related: { user: 'u-1' } })],
      }),
    ]);
    expect(await main(['merge', a, leaking, '--out', join(root, 'broken'), '--baseline', baseline])).toBe(1);
    expect(JSON.parse(readFileSync(join(root, 'broken', 'verdict.json'), 'utf8'))).toMatchObject({ status: 'BROKEN' });
  });

  it('with --baseline exits 3 and gives no verdict when a shard could not do its job', async () => {
    setQuiet(true);
    const root = mkdtempSync(join(tmpdir(), 'goldpath-merge-cli-'));
    const baseline = join(root, 'baseline.json');
    writeFileSync(baseline, JSON.stringify(buildBaseline([makeSummary(), makeSummary()], { name: 'pre' })));
    const a = shardDir(root, 'shard-1', [makeScenario()]);
    const b = join(root, 'shard-2');
    mkdirSync(b);
    writeFileSync(
      join(b, 'summary.json'),
      JSON.stringify(
        makeSummary([makeScenario({ name: 'other' })], {
          status: 'infrastructure_error',
          result: {
            playwrightStatus: 'timedout',
            listed: 2,
            finished: 1,
            errors: [],
            problems: ['1 of 2 listed scenarios did not run'],
          },
        }),
      ),
    );
    expect(await main(['merge', a, b, '--out', join(root, 'merged'), '--baseline', baseline])).toBe(3);
    expect(existsSync(join(root, 'merged', 'verdict.json'))).toBe(false);
  });

  it('exits 2 when a directory holds no summary', async () => {
    const root = mkdtempSync(join(tmpdir(), 'goldpath-merge-cli-'));
    expect(await main(['merge', root, '--out', join(root, 'merged')])).toBe(2);
  });
});
