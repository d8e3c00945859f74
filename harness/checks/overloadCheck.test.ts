import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../contracts/index.ts';
import { checkHistory } from './checkHistory.ts';
import { buildHistory, canary, connect, runDrafts } from './testing/historyBuilder.ts';

const GAP_MS = 20_000;

/**
 * One run whose tool_executing comes 20 s after agent_thinking (the gap SLA is 15 s), with a harness_load sample over
 * that wait. `backendLate`: the backend stamped the late events late too (it was slow); otherwise it stamped them on
 * time and we read them late.
 */
function lateRun(
  load: { maxMs: number; p99Ms: number; cpu: number } | undefined,
  backendLate = false,
  late: { event: string; ms: number } = { event: 'tool_executing', ms: GAP_MS },
) {
  const { header, records } = buildHistory(
    [...connect('u-7'), ...runDrafts({ user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'] })],
    { expectations: { maxGapMs: 15_000, startSlaMs: 5000 } },
  );
  const from = records.findIndex((r) => r.kind === 'frame' && r.text.includes(`"${late.event}"`));
  const shifted: HistoryRecord[] = records.map((r, i) => {
    if (i < from) return r;
    const moved = { ...r, mono: r.mono + late.ms * 1e6, wall: r.wall + late.ms };
    if (backendLate && moved.kind === 'frame')
      moved.text = moved.text.replace(/"timestamp":"[^"]+"/, `"timestamp":"${new Date(moved.wall).toISOString()}"`);
    return moved;
  });
  if (load !== undefined) {
    const at = shifted[from]!;
    shifted.splice(from, 0, {
      kind: 'mark',
      seq: 0,
      mono: at.mono - 1e6,
      wall: at.wall - 1,
      name: 'harness_load',
      data: {
        eventLoopP99Ms: load.p99Ms,
        eventLoopMaxMs: load.maxMs,
        cpuPercent: load.cpu,
        users: 3000,
        intervalMs: late.ms,
      },
    });
  }
  return { header, records: shifted.map((r, seq) => ({ ...r, seq })) };
}

const codesOf = async (history: ReturnType<typeof lateRun>) =>
  (await checkHistory(history.header, history.records)).findings.map((f) => f.code);

describe('overloadCheck', () => {
  it('names goldpath, not the backend, when its own event-loop delay explains a late frame', async () => {
    const { header, records } = lateRun({ maxMs: 6000, p99Ms: 5800, cpu: 60 });
    const result = await checkHistory(header, records);
    expect(result.findings.map((f) => f.code)).toEqual(['infra.harness_overloaded']);
    expect(result.findings[0]!.message).toBe(
      'goldpath could not keep up at 3000 users (CPU 60 %, frames read up to 20000 ms after the backend stamped them): expected event-loop delay below what the deadlines allow, received p99 5800 ms, max 6000 ms. Use fewer users per worker, more workers or shards (not reported as backend findings: order.gap_exceeded ×1)',
    );
    expect(result.harnessLoad).toMatchObject({
      eventLoopP99Ms: 5800,
      eventLoopMaxMs: 6000,
      cpuPercent: 60,
      users: 3000,
      stampSkewMaxMs: 20000,
    });
  });

  it('names goldpath when a saturated worker read on-time stamps late', async () => {
    expect(await codesOf(lateRun({ maxMs: 300, p99Ms: 150, cpu: 125 }))).toEqual(['infra.harness_overloaded']);
  });

  it('keeps the gap as the backend finding when goldpath was idle (a reader that was merely paused)', async () => {
    expect(await codesOf(lateRun({ maxMs: 20, p99Ms: 12, cpu: 8 }))).toEqual(['order.gap_exceeded']);
  });

  it('keeps the gap as the backend finding when the backend stamped the late event late itself', async () => {
    expect(await codesOf(lateRun({ maxMs: 300, p99Ms: 150, cpu: 125 }, true))).toEqual(['order.gap_exceeded']);
  });

  it('names goldpath for a start past the SLA that a saturated worker read late, and the backend when it started late', async () => {
    const lateStart = { event: 'agent_started', ms: 7000 };
    expect(await codesOf(lateRun({ maxMs: 300, p99Ms: 150, cpu: 125 }, false, lateStart))).toEqual([
      'infra.harness_overloaded',
    ]);
    expect(await codesOf(lateRun({ maxMs: 300, p99Ms: 150, cpu: 125 }, true, lateStart))).toEqual([
      'latency.sla_exceeded',
    ]);
  });

  it('reports nothing when goldpath was slow but every frame kept its deadline', async () => {
    const { header, records } = buildHistory([
      ...connect('u-7'),
      ...runDrafts({ user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'] }),
    ]);
    const last = records.at(-1)!;
    records.push({
      kind: 'mark',
      seq: records.length,
      mono: last.mono + 1e6,
      wall: last.wall + 1,
      name: 'harness_load',
      data: { eventLoopP99Ms: 2900, eventLoopMaxMs: 2900, cpuPercent: 90, users: 750, intervalMs: 1000 },
    });
    const result = await checkHistory(header, records);
    expect(result.findings).toEqual([]);
    expect(result.harnessLoad).toMatchObject({ eventLoopP99Ms: 2900, users: 750 });
  });

  it('changes nothing in a history without harness_load marks', async () => {
    const history = lateRun(undefined);
    const result = await checkHistory(history.header, history.records);
    expect(result.findings.map((f) => f.code)).toEqual(['order.gap_exceeded']);
    expect(result.harnessLoad).toBeUndefined();
  });
});
