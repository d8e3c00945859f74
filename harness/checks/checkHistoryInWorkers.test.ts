import fc from 'fast-check';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asReadRecord, type HistoryHeader, type HistoryRecord } from '../../contracts/index.ts';
import { ALL_CHECKS, checkHistory, checkHistoryFile } from './checkHistory.ts';
import { checkHistoryInWorkers, mergeUntied } from './checkHistoryInWorkers.ts';
import type { CheckResult } from './CheckOptions.ts';
import { partitionOfLine, partitionOfUser, readsPartition } from './partitionOfLine.ts';
import { createScanner } from './scanHistory.ts';
import { buildHistory, canary, connect, historyText, interleave, runDrafts } from './testing/historyBuilder.ts';

/** The partial scans of `count` partitions, each fed the lines a worker thread reads. */
function scanPartitions(header: HistoryHeader, records: readonly HistoryRecord[], count: number) {
  return Array.from({ length: count }, (_, index) => {
    const scanner = createScanner(header, {}, ALL_CHECKS, { partial: true });
    for (const record of records)
      if (readsPartition(partitionOfLine(JSON.stringify(record), count), index)) scanner.push(asReadRecord(record));
    return scanner.endPartial();
  });
}

/** A result as compared: latency means are sums of floats, added in another order across partitions. */
function comparable(result: CheckResult) {
  const latency = Object.fromEntries(
    Object.entries(result.latency).map(([name, p]) => [name, { ...p, mean: Math.round(p.mean * 1e6) }]),
  );
  return { ...result, latency };
}

/** Users with runs in sequence, interleaved; optionally one leak from one user into another's stream. */
const leakArb = fc
  .record({
    users: fc.integer({ min: 2, max: 6 }),
    runs: fc.integer({ min: 1, max: 3 }),
    tools: fc.array(fc.constantFrom('search', 'lookup'), { maxLength: 2 }),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 48 }),
    leak: fc.constantFrom('none', 'canary', 'run_id', 'user_socket'),
    from: fc.nat(),
    to: fc.nat(),
  })
  .map(({ users, runs, tools, picks, leak, from, to }) => {
    let n = 0;
    const lists = Array.from({ length: users }, (_, u) => [
      ...connect(`user-${u}`),
      ...Array.from({ length: runs }, () => {
        n++;
        return runDrafts({ user: `user-${u}`, runId: `run-${u}-${n}`, canary: canary(n), tools });
      }).flat(),
    ]);
    const { header, records } = buildHistory(interleave(lists, picks));
    const source = `user-${from % users}`;
    const target = `user-${(from + 1 + (to % (users - 1))) % users}`;
    const firstOf = (user: string) =>
      records.findIndex((r) => r.kind === 'frame' && r.dir === 'in' && r.user === user && r.text.includes('"run_id"'));
    const needle = leak === 'canary' ? 'planning the tools' : '"run_id"';
    const at = records.findIndex(
      (r, i) =>
        i > firstOf(source) && r.kind === 'frame' && r.dir === 'in' && r.user === target && r.text.includes(needle),
    );
    const sourceFrame = records[firstOf(source)] as HistoryRecord & { text: string };
    const runId = (JSON.parse(sourceFrame.text) as { run_id: string }).run_id;
    const request = records.find((r) => r.kind === 'frame' && r.dir === 'out' && r.user === source);
    const token = (request as HistoryRecord & { text: string }).text.match(/GPC-[0-9a-f]{16}/)![0];
    const leaked = records.map((r, i): HistoryRecord => {
      if (i !== at || r.kind !== 'frame') return r;
      if (leak === 'canary')
        return { ...r, text: r.text.replace('planning the tools', `planning the tools (${token})`) };
      if (leak === 'run_id') return { ...r, text: r.text.replace(/"run_id":"[^"]+"/, `"run_id":"${runId}"`) };
      if (leak === 'user_socket') return { ...r, user: source };
      return r;
    });
    return { header, records: leaked, leak, source, target, leaked: leak !== 'none' && at !== -1 };
  });

describe('checks over partitions of the users', () => {
  it('merge to exactly what one pass gives, or tell that a leak ties two partitions', async () => {
    await fc.assert(
      fc.asyncProperty(leakArb, fc.integer({ min: 2, max: 3 }), async (h, count) => {
        const one = await checkHistory(h.header, h.records);
        const merged = mergeUntied(h.header, {}, scanPartitions(h.header, h.records, count));
        const across = partitionOfUser(h.source, count) !== partitionOfUser(h.target, count);
        if (h.leaked && across && h.leak !== 'user_socket') expect(merged).toBeUndefined();
        if (merged !== undefined) expect(comparable(merged)).toEqual(comparable(one));
        if (h.leaked) expect(one.findings.some((f) => f.code.startsWith('isolation.'))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

describe('checkHistoryInWorkers', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** Users 0..7; `leak`: the first event of `from` quotes the canary of `to`'s first request. */
  async function historyFile(leak?: { from: string; to: string }): Promise<string> {
    const users = Array.from({ length: 8 }, (_, u) => `user-${u}`);
    const lists = users.map((user, u) => [
      ...connect(user),
      ...runDrafts({ user, runId: `run-${u}`, canary: canary(u + 1), tools: ['search'] }),
    ]);
    const { header, records } = buildHistory(interleave(lists, [0, 1, 2, 3, 4, 5, 6, 7]));
    const leaked = records.map((r): HistoryRecord => {
      if (leak === undefined || r.kind !== 'frame' || r.user !== leak.from || !r.text.includes('agent_thinking'))
        return r;
      const token = canary(users.indexOf(leak.to) + 1);
      return { ...r, text: r.text.replace('planning the tools', `planning the tools (${token})`) };
    });
    const dir = await mkdtemp(join(tmpdir(), 'goldpath-workers-'));
    dirs.push(dir);
    const path = join(dir, 'history.jsonl');
    await writeFile(path, historyText(header, leaked));
    return path;
  }

  const users = Array.from({ length: 8 }, (_, u) => `user-${u}`);
  const inZero = users.filter((u) => partitionOfUser(u, 2) === 0);
  const inOne = users.filter((u) => partitionOfUser(u, 2) === 1);

  it('gives what one thread gives on a clean history, in two threads', async () => {
    const path = await historyFile();
    const reasons: string[] = [];
    const many = await checkHistoryInWorkers(path, 2, { onOneThread: (r) => reasons.push(r) });
    expect(comparable(many)).toEqual(comparable(await checkHistoryFile(path)));
    expect(many.findings).toEqual([]);
    expect(many.stats.users).toBe(8);
    expect(reasons).toEqual([]);
  });

  it('gives the same leak findings when the leak stays inside one partition, in two threads', async () => {
    expect(inZero.length).toBeGreaterThan(1);
    const path = await historyFile({ from: inZero[0]!, to: inZero[1]! });
    const reasons: string[] = [];
    const many = await checkHistoryInWorkers(path, 2, { onOneThread: (r) => reasons.push(r) });
    const one = await checkHistoryFile(path);
    expect(comparable(many)).toEqual(comparable(one));
    expect(one.findings.map((f) => f.code)).toContain('isolation.foreign_canary');
    expect(reasons).toEqual([]);
  });

  it('gives the same findings for a leak across the partition boundary, checking it in one thread', async () => {
    expect(inOne.length).toBeGreaterThan(0);
    const path = await historyFile({ from: inZero[0]!, to: inOne[0]! });
    const reasons: string[] = [];
    const many = await checkHistoryInWorkers(path, 2, { onOneThread: (r) => reasons.push(r) });
    const one = await checkHistoryFile(path);
    expect(comparable(many)).toEqual(comparable(one));
    expect(one.findings.map((f) => f.code)).toContain('isolation.foreign_canary');
    expect(reasons).toHaveLength(1);
  });
});
