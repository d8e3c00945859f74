import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../../contracts/index.ts';
import { checkHistory } from './checkHistory.ts';
import {
  buildHistory,
  canary,
  connect,
  interleave,
  runDrafts,
  type Draft,
  type RunSpec,
} from './testing/historyBuilder.ts';

/** K users, each with runs in sequence (0..3 tools, either emission shape), interleaved at random. */
const historyArb = fc
  .record({
    users: fc.array(
      fc.array(
        fc.record({
          shape: fc.constantFrom<'emitter' | 'bridge'>('emitter', 'bridge'),
          tools: fc.array(fc.constantFrom('search', 'lookup', 'calc'), { maxLength: 3 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      { minLength: 1, maxLength: 4 },
    ),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 64 }),
  })
  .map(({ users, picks }) => {
    let n = 0;
    const lists = users.map((runs, u) => {
      const user = `user-${u}`;
      return [
        ...connect(user),
        ...runs.flatMap((r) =>
          runDrafts({
            user,
            runId: `run-${u}-${n}`,
            canary: canary(++n),
            shape: r.shape,
            tools: r.tools,
          } satisfies RunSpec),
        ),
      ];
    });
    const drafts = interleave(lists, picks);
    return { drafts, ...buildHistory(drafts) };
  });

type Built = { drafts: Draft[]; records: HistoryRecord[] };
type Mutation = {
  name: string;
  expect: (codes: string[]) => boolean;
  apply: (h: Built, pick: number) => HistoryRecord[] | undefined;
};

const eventIndexes = (h: Built, filter: (d: Draft) => boolean): number[] =>
  h.drafts.flatMap((d, i) =>
    d.kind === 'frame' && d.dir === 'in' && d.meta?.runId !== undefined && filter(d) ? [i] : [],
  );
const choose = <T>(items: T[], pick: number): T | undefined =>
  items.length === 0 ? undefined : items[pick % items.length];
const renumber = (records: HistoryRecord[]): HistoryRecord[] => records.map((r, seq) => ({ ...r, seq }));

const DROP_EXPECT: Record<string, string> = {
  agent_started: 'order.started_not_first',
  agent_thinking: 'completeness.missing_event_type',
  tool_executing: 'order.illegal_transition',
  tool_completed: 'order.tool_left_open',
  agent_completed: 'completeness.run_not_terminated',
};
const DUPLICATE_EXPECT: Record<string, string> = {
  agent_started: 'order.duplicate_started',
  tool_executing: 'order.duplicate_tool_start',
  tool_completed: 'order.illegal_transition',
  agent_completed: 'order.duplicate_terminal',
};

function mutations(type: string): Mutation[] {
  return [
    {
      name: `drop ${type}`,
      expect: (codes) => codes.includes(DROP_EXPECT[type]!),
      apply: (h, pick) => {
        const at = choose(
          eventIndexes(h, (d) => d.meta?.eventType === type),
          pick,
        );
        return at === undefined ? undefined : renumber(h.records.filter((_, i) => i !== at));
      },
    },
    ...(DUPLICATE_EXPECT[type] === undefined
      ? []
      : [
          {
            name: `duplicate ${type}`,
            expect: (codes: string[]) => codes.includes(DUPLICATE_EXPECT[type]!),
            apply: (h: Built, pick: number) => {
              const at = choose(
                eventIndexes(h, (d) => d.meta?.eventType === type),
                pick,
              );
              return at === undefined
                ? undefined
                : renumber([...h.records.slice(0, at + 1), h.records[at]!, ...h.records.slice(at + 1)]);
            },
          },
        ]),
  ];
}

const MUTATIONS: Mutation[] = [
  ...['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'].flatMap(mutations),
  {
    name: 'reorder two events of one run',
    expect: (codes) => codes.some((c) => c.startsWith('order.')),
    apply: (h, pick) => {
      const at = choose(
        eventIndexes(h, () => true),
        pick,
      );
      if (at === undefined) return undefined;
      const runId = h.drafts[at]!.meta?.runId;
      const next = h.drafts.findIndex(
        (d, i) => i > at && d.meta?.runId === runId && d.kind === 'frame' && d.dir === 'in',
      );
      if (next === -1) return undefined;
      const records = [...h.records];
      const a = records[at] as HistoryRecord & { text: string };
      const b = records[next] as HistoryRecord & { text: string };
      records[at] = { ...a, text: b.text } as HistoryRecord;
      records[next] = { ...b, text: a.text } as HistoryRecord;
      return records;
    },
  },
  {
    name: "swap an event to another user's socket",
    expect: (codes) => codes.includes('isolation.foreign_user_id'),
    apply: (h, pick) => {
      const users = [...new Set(h.drafts.map((d) => (d as { user?: string }).user))];
      const at = choose(
        eventIndexes(h, () => true),
        pick,
      );
      if (at === undefined || users.length < 2) return undefined;
      const owner = (h.records[at] as { user: string }).user;
      const other = users.find((u) => u !== owner)!;
      return h.records.map((r, i) => (i === at ? { ...r, user: other, conn: 'c-1' } : r)) as HistoryRecord[];
    },
  },
  {
    name: "copy a canary into another user's event",
    expect: (codes) => codes.includes('isolation.foreign_canary'),
    apply: (h, pick) => {
      const requests = h.drafts.flatMap((d, i) => (d.meta?.request === true ? [i] : []));
      const from = choose(requests, pick);
      if (from === undefined) return undefined;
      const { user, canary: token } = {
        user: (h.drafts[from] as { user: string }).user,
        canary: h.drafts[from]!.meta!.canary!,
      };
      const to = choose(
        eventIndexes(h, (d) => (d as { user: string }).user !== user && d.meta?.eventType === 'agent_thinking').filter(
          (i) => i > from,
        ),
        pick,
      );
      if (to === undefined) return undefined;
      const target = h.records[to] as HistoryRecord & { text: string };
      return h.records.map((r, i) =>
        i === to ? { ...target, text: target.text.replace('planning the tools', `planning the tools (${token})`) } : r,
      );
    },
  },
  {
    name: "copy a canary into the same user's later run",
    expect: (codes) => codes.includes('isolation.stale_canary'),
    apply: (h, pick) => {
      const requests = h.drafts.flatMap((d, i) => (d.meta?.request === true ? [i] : []));
      const from = choose(requests, pick);
      if (from === undefined) return undefined;
      const {
        user,
        runId,
        canary: token,
      } = { user: (h.drafts[from] as { user: string }).user, ...h.drafts[from]!.meta! };
      const to = choose(
        eventIndexes(
          h,
          (d) =>
            (d as { user: string }).user === user && d.meta?.runId !== runId && d.meta?.eventType === 'agent_thinking',
        ).filter((i) => i > from),
        pick,
      );
      if (to === undefined) return undefined;
      const target = h.records[to] as HistoryRecord & { text: string };
      return h.records.map((r, i) =>
        i === to ? { ...target, text: target.text.replace('planning the tools', `planning the tools (${token})`) } : r,
      );
    },
  },
];

describe('checkHistory properties', () => {
  it('finds nothing in any interleaving of valid runs of several users in both emission shapes', async () => {
    await fc.assert(
      fc.asyncProperty(historyArb, async ({ header, records }) => {
        const result = await checkHistory(header, records);
        expect(result.findings).toEqual([]);
        expect(result.stats.runsCompleted).toBe(result.stats.runs);
      }),
      { numRuns: 150 },
    );
  });

  for (const mutation of MUTATIONS) {
    it(`reports the matching finding after one mutation: ${mutation.name}`, async () => {
      await fc.assert(
        fc.asyncProperty(historyArb, fc.nat(), async (history, pick) => {
          const mutated = mutation.apply(history, pick);
          fc.pre(mutated !== undefined);
          const codes = (await checkHistory(history.header, mutated!)).findings.map((f) => f.code);
          if (!mutation.expect(codes)) throw new Error(`${mutation.name}: received ${JSON.stringify(codes)}`);
        }),
        { numRuns: 60 },
      );
    });
  }
});
