import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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
    const b = shardDir(root, 'shard-2', [makeScenario({ name: 'isolation probe', status: 'failed', findingsByCode: { 'isolation.foreign_canary': 1 }, findings: [makeFinding('isolation.foreign_canary')] })]);
    const out = join(root, 'merged');
    expect(await main(['merge', a, b, '--out', out])).toBe(1);
    for (const file of ['summary.json', 'junit.xml', 'summary.md', 'index.html']) expect(existsSync(join(out, file))).toBe(true);
    const merged = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as { totals: unknown; status: string };
    expect(merged.totals).toEqual({ scenarios: 2, passed: 1, failed: 1, runs: 40, events: 240, findings: 1 });
    expect(merged.status).toBe('failed');
  });

  it('exits 2 when a directory holds no summary', async () => {
    const root = mkdtempSync(join(tmpdir(), 'goldpath-merge-cli-'));
    expect(await main(['merge', root, '--out', join(root, 'merged')])).toBe(2);
  });
});
