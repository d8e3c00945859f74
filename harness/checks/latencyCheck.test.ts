import { describe, expect, it } from 'vitest';
import { checkLatency } from './latencyCheck.ts';
import { buildHistory, canary, connect, runDrafts } from './testing/historyBuilder.ts';

const drafts = [...connect('u-7'), ...runDrafts({ user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'] })];

describe('latencyCheck', () => {
  it('measures engine creation, first event, terminal and tool durations from the request', async () => {
    const { header, records } = buildHistory(drafts, { stepMs: 10 });
    const { findings, latency } = await checkLatency(header, records);
    expect(findings).toEqual([]);
    expect(latency.engine_creation).toEqual({ count: 1, min: 10, p50: 10, p95: 10, p99: 10, max: 10, mean: 10 });
    expect(latency.first_event?.p50).toBe(10);
    expect(latency.terminal?.max).toBe(50);
    expect(latency.tool?.mean).toBe(10);
  });

  it('reports agent_started later than the declared start SLA as an error, an ad-hoc one as a warning', async () => {
    const { header, records } = buildHistory(drafts, { stepMs: 300, expectations: { startSlaMs: 250 } });
    const declared = await checkLatency(header, records);
    expect(declared.findings.map((f) => [f.code, f.severity, f.message])).toEqual([
      [
        'latency.sla_exceeded',
        'error',
        'agent_started 300 ms after the start_agent in run r-3 of user u-7 at frame 2: expected at most 250 ms, received 300 ms',
      ],
    ]);
    const plain = buildHistory(drafts, { stepMs: 300 });
    expect((await checkLatency(plain.header, plain.records, { startSlaMs: 100 })).findings[0]?.severity).toBe(
      'warning',
    );
  });

  it('reports a run that ends after the run deadline', async () => {
    const { header, records } = buildHistory(drafts, { stepMs: 14_000 });
    expect((await checkLatency(header, records)).findings.map((f) => f.message)).toEqual([
      'agent_completed 70000 ms after the start_agent at frame 2 in run r-3 of user u-7 at frame 7: expected within 60000 ms of the request, received 70000 ms',
    ]);
  });
});

describe('latency messages show the difference', () => {
  it('prints the decimals that show a start just past the SLA', async () => {
    const { msPast } = await import('./describeFrame.ts');
    expect(msPast(5000.4, 5000)).toBe('5000.4');
    expect(msPast(5000.004, 5000)).toBe('5000.004');
    expect(msPast(5013.2, 5000)).toBe('5013');
    expect(msPast(4000, 5000)).toBe('4000');
  });
});
