import { describe, expect, it } from 'vitest';
import { checkCompleteness } from './completenessCheck.ts';
import {
  buildHistory,
  canary,
  connect,
  requestDraft,
  runDrafts,
  type Draft,
  type RunSpec,
} from './testing/historyBuilder.ts';
import type { Expectations } from '../../contracts/index.ts';

const spec: RunSpec = { user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'] };

async function findings(drafts: Draft[], expectations?: Expectations) {
  const { header, records } = buildHistory(drafts, expectations !== undefined ? { expectations } : {});
  return checkCompleteness(header, records);
}

describe('completenessCheck', () => {
  it('finds nothing when every request gets a run that completes', async () => {
    expect(
      await findings([
        ...connect('u-7'),
        ...runDrafts(spec),
        ...runDrafts({ ...spec, runId: 'r-4', canary: canary(2), shape: 'bridge', tools: [] }),
      ]),
    ).toEqual([]);
  });

  it('reports a request that no run answered', async () => {
    const result = await findings([...connect('u-7'), requestDraft(spec)]);
    expect(result).toEqual([
      expect.objectContaining({
        code: 'completeness.no_run_for_request',
        user: 'u-7',
        frameIndex: 2,
        message: `no run answered the start_agent of user u-7 at frame 2 (canary ${canary(1)}): expected agent_started of a run quoting it, received nothing by the end of the history`,
      }),
    ]);
  });

  it('reports a run that never reaches a terminal event', async () => {
    const drafts = [...connect('u-7'), ...runDrafts(spec)];
    drafts.pop();
    expect((await findings(drafts)).map((f) => f.message)).toEqual([
      'no agent_completed or agent_error by the end of the history in run r-3 of user u-7 at frame 6 (its last event): expected a terminal event (agent_completed or agent_error), received S T X:search C:search',
    ]);
  });

  it('reports a run that ends without a required event type', async () => {
    const drafts = [...connect('u-7'), ...runDrafts(spec)].filter((d) => d.meta?.eventType !== 'agent_thinking');
    expect((await findings(drafts)).map((f) => [f.code, f.message])).toEqual([
      [
        'completeness.missing_event_type',
        'agent_completed without agent_thinking in run r-3 of user u-7 at frame 6: expected agent_started, agent_thinking, agent_completed, received S X:search C:search D',
      ],
    ]);
    expect(await findings(drafts, { requiredEvents: ['agent_started', 'agent_completed'] })).toEqual([]);
  });

  it('reports an agent_error whose code is not allowed, and accepts an allowed one', async () => {
    const drafts = [...connect('u-7'), ...runDrafts({ ...spec, tools: [], errorCode: 'TOOL_TIMEOUT' })];
    expect((await findings(drafts)).map((f) => [f.code, f.message])).toEqual([
      [
        'completeness.unexpected_error',
        'agent_error TOOL_TIMEOUT in run r-3 of user u-7 at frame 5: expected no error, received error_code TOOL_TIMEOUT',
      ],
    ]);
    expect(await findings(drafts, { allowedErrorCodes: ['TOOL_TIMEOUT'] })).toEqual([]);
  });

  it('counts a request answered by an allowed error_message as an expected rejection', async () => {
    const drafts: Draft[] = [
      ...connect('u-7'),
      requestDraft(spec),
      {
        kind: 'frame',
        dir: 'in',
        user: 'u-7',
        conn: 'c-1',
        stamp: 'float',
        payload: { type: 'error_message', error_code: 'ENGINE_LIMIT', error_message: 'too many engines' },
      },
    ];
    expect(await findings(drafts, { allowedErrorCodes: ['ENGINE_LIMIT'] })).toEqual([]);
    expect((await findings(drafts)).map((f) => f.message)).toEqual([
      'error_message ENGINE_LIMIT on socket c-1 of user u-7 at frame 3 (answering the start_agent at frame 2): expected no error, received error_code ENGINE_LIMIT',
    ]);
  });

  it('correlates runs with requests in order when the agent quotes no canary', async () => {
    const quiet = (d: Draft): Draft =>
      d.kind === 'frame' && d.dir === 'in' && d.payload !== undefined
        ? { ...d, text: JSON.stringify(d.payload).replaceAll(canary(1), 'the topic') }
        : d;
    const drafts = [...connect('u-7'), ...runDrafts(spec).map(quiet)];
    expect(await findings(drafts)).toEqual([]);
  });
});
