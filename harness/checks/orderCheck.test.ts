import { describe, expect, it } from 'vitest';
import { DEFAULT_GOLDEN_PATH_RULES } from '../../contracts/index.ts';
import { checkOrder } from './orderCheck.ts';
import { checkDrafts, codes } from './testing/checkDrafts.ts';
import {
  buildHistory,
  canary,
  connect,
  eventDraft,
  runDrafts,
  type Draft,
  type RunSpec,
} from './testing/historyBuilder.ts';

const spec: RunSpec = { user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'] };
const golden = (): Draft[] => [...connect('u-7'), ...runDrafts(spec)];
const indexOf = (drafts: Draft[], type: string): number => drafts.findIndex((d) => d.meta?.eventType === type);

async function orderFindings(drafts: Draft[]) {
  const { header, records } = buildHistory(drafts);
  return checkOrder(header, records);
}

describe('orderCheck', () => {
  it('finds nothing in a golden path, in both emission shapes', async () => {
    expect(await orderFindings(golden())).toEqual([]);
    expect(
      await orderFindings([...connect('u-7'), ...runDrafts({ ...spec, shape: 'bridge', tools: ['search', 'lookup'] })]),
    ).toEqual([]);
  });

  it('reports tool_completed before its tool_executing with the tool, id, run, user and frame', async () => {
    const drafts = golden();
    drafts.splice(indexOf(drafts, 'tool_executing'), 1);
    const findings = await orderFindings(drafts);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      code: 'order.illegal_transition',
      user: 'u-7',
      runId: 'r-3',
      frameIndex: 5,
      message:
        'tool_completed before its tool_executing for tool search (id exec-r-3-0) in run r-3 of user u-7 at frame 5: expected tool_executing first, received tool_completed',
    });
  });

  it('reports an event before agent_started', async () => {
    const drafts = golden();
    drafts.splice(indexOf(drafts, 'agent_started'), 1);
    expect(codes(await orderFindings(drafts))).toEqual(['order.started_not_first']);
  });

  it('reports agent_completed before agent_started', async () => {
    const drafts = golden();
    const started = drafts.splice(indexOf(drafts, 'agent_started'), 1)[0]!;
    drafts.push(started);
    const findings = await orderFindings(drafts);
    expect(codes(findings)).toEqual(['order.started_not_first', 'order.event_after_terminal']);
    const { header, records } = buildHistory([
      ...connect('u-7'),
      runDrafts(spec)[0]!,
      eventDraft(spec, 'agent_completed', { final_response: 'a final response long enough' }),
    ]);
    expect((await checkOrder(header, records))[0]?.message).toBe(
      'agent_completed before agent_started in run r-3 of user u-7 at frame 3: expected agent_started first, received agent_completed',
    );
  });

  it('reports a second agent_started', async () => {
    const drafts = golden();
    drafts.splice(indexOf(drafts, 'agent_thinking'), 0, drafts[indexOf(drafts, 'agent_started')]!);
    expect(codes(await orderFindings(drafts))).toEqual(['order.duplicate_started']);
  });

  it('reports a second tool_executing with the same execution id', async () => {
    const drafts = golden();
    const at = indexOf(drafts, 'tool_executing');
    drafts.splice(at, 0, drafts[at]!);
    const findings = await orderFindings(drafts);
    expect(codes(findings)).toEqual(['order.duplicate_tool_start']);
    expect(findings[0]?.message).toBe(
      'second tool_executing for tool search (id exec-r-3-0) in run r-3 of user u-7 at frame 6: expected one tool_executing per tool call (the first at frame 5), received tool_executing again',
    );
  });

  it('reports agent_completed while a tool call is open', async () => {
    const drafts = golden();
    drafts.splice(indexOf(drafts, 'tool_completed'), 1);
    const findings = await orderFindings(drafts);
    expect(codes(findings)).toEqual(['order.tool_left_open']);
    expect(findings[0]?.message).toBe(
      'agent_completed while a tool call is open in run r-3 of user u-7 at frame 6: expected tool_completed for search (id exec-r-3-0) from frame 5, received agent_completed',
    );
  });

  it('reports a second terminal event and events after it', async () => {
    const drafts = golden();
    drafts.push(drafts[indexOf(drafts, 'agent_completed')]!, drafts[indexOf(drafts, 'agent_thinking')]!);
    const findings = await orderFindings(drafts);
    expect(codes(findings)).toEqual(['order.duplicate_terminal', 'order.event_after_terminal']);
    expect(findings[0]?.message).toBe(
      'second terminal event agent_completed in run r-3 of user u-7 at frame 8: expected one terminal event (agent_completed at frame 7), received agent_completed',
    );
  });

  it('reports a transition the rules do not allow', async () => {
    const moved = golden();
    const t = moved.splice(indexOf(moved, 'agent_thinking'), 1)[0]!;
    moved.splice(indexOf(moved, 'tool_completed'), 0, t);
    const findings = await orderFindings(moved);
    expect(codes(findings)).toContain('order.illegal_transition');
    expect(findings.find((f) => f.code === 'order.illegal_transition')?.message).toBe(
      'tool_completed after agent_thinking in run r-3 of user u-7 at frame 6: expected one of agent_thinking, tool_executing, agent_completed, agent_error, received tool_completed',
    );
  });

  it('follows the rules as data: a rule set that forbids thinking after started flags it', async () => {
    const rules = {
      ...DEFAULT_GOLDEN_PATH_RULES,
      follows: { ...DEFAULT_GOLDEN_PATH_RULES.follows, agent_started: ['tool_executing', 'agent_completed'] },
    };
    const { header, records } = buildHistory(golden());
    const findings = await checkOrder(header, records, { rules });
    expect(findings.map((f) => f.message)).toEqual([
      'agent_thinking after agent_started in run r-3 of user u-7 at frame 4: expected one of tool_executing, agent_completed, received agent_thinking',
    ]);
  });

  it('reports a timestamp going back and a gap above maxGapMs', async () => {
    const drafts = golden();
    const { header, records } = buildHistory(drafts, { stepMs: 5 });
    const regressed = records.map((r) =>
      r.kind === 'frame' && r.seq === 4
        ? { ...r, text: r.text.replace(/"timestamp":"[^"]+"/, '"timestamp":"2025-12-31T23:59:00.000Z"') }
        : r,
    );
    const findings = await checkOrder(header, regressed);
    expect(codes(findings)).toEqual(['order.timestamp_regression']);
    expect(findings[0]?.message).toBe(
      'timestamp of agent_thinking goes back 60015 ms in run r-3 of user u-7 at frame 4: expected at or after 2026-01-01T00:00:00.015Z, received 2025-12-31T23:59:00.000Z',
    );
    const slow = buildHistory(drafts, { stepMs: 20_000 });
    expect(codes(await checkOrder(slow.header, slow.records))).toEqual(Array(4).fill('order.gap_exceeded'));
    expect(await checkOrder(slow.header, slow.records, { expectations: { maxGapMs: 30_000 } })).toEqual([]);
  });

  it('pairs tools by name when the frames carry no execution id', async () => {
    const drafts = golden().map((d) => {
      if (d.kind !== 'frame' || d.payload === undefined) return d;
      const { execution_id: _id, ...payload } = d.payload;
      return { ...d, payload };
    });
    expect(await orderFindings(drafts)).toEqual([]);
    drafts.splice(indexOf(drafts, 'tool_executing'), 1);
    expect((await orderFindings(drafts))[0]?.message).toBe(
      'tool_completed before its tool_executing for tool search in run r-3 of user u-7 at frame 5: expected tool_executing first, received tool_completed',
    );
  });

  it('is part of checkHistory', async () => {
    const drafts = golden();
    drafts.splice(indexOf(drafts, 'agent_started'), 1);
    expect(codes((await checkDrafts(drafts)).findings)).toContain('order.started_not_first');
  });
});
