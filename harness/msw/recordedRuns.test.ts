import { describe, expect, it } from 'vitest';
import {
  buildHistory,
  canary,
  connect,
  eventDraft,
  requestDraft,
  runDrafts,
  type Draft,
  type RunSpec,
} from '../checks/testing/historyBuilder.ts';
import { recordedRuns } from './recordedRuns.ts';
import { rekeyFrame } from './rekeyFrame.ts';

const types = (drafts: Draft[], run = 0): string[] =>
  recordedRuns(buildHistory(drafts).records).runs[run]!.frames.map((f) => String(f.json.type));

describe('recordedRuns', () => {
  it('takes every frame of a run id, with the request it answered and its thread', () => {
    const spec: RunSpec = { user: 'u-1', runId: 'r-1', canary: canary(1), tools: ['search'] };
    const { runs, welcome } = recordedRuns(buildHistory([...connect('u-1'), ...runDrafts(spec)]).records);
    expect(welcome).toMatchObject({ user: 'u-1', json: { type: 'connection_established' } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({
      index: 0,
      runId: 'r-1',
      user: 'u-1',
      conn: 'c-1',
      threadId: 'thread-u-1',
      ending: 'completed',
      request: { type: 'start_agent', text: `Please research topic r-1 ${canary(1)}` },
    });
    expect(runs[0]!.frames.map((f) => f.json.type)).toEqual([
      'agent_started',
      'agent_thinking',
      'tool_executing',
      'tool_completed',
      'agent_completed',
    ]);
  });

  it('does not end a supervisor pipeline at a sub-agent’s agent_completed', () => {
    const spec: RunSpec = { user: 'u-1', runId: 'r-1', canary: canary(1) };
    const as = (agent: string, type: string): Draft =>
      eventDraft(spec, type, {
        agent_name: agent,
        reasoning: 'a reasoning long enough',
        final_response: 'a final response long enough',
      });
    const drafts = [
      ...connect('u-1'),
      requestDraft(spec),
      as('Supervisor', 'agent_started'),
      as('triage', 'agent_started'),
      as('triage', 'agent_completed'),
      as('data', 'agent_started'),
      as('data', 'agent_completed'),
      as('Supervisor', 'agent_completed'),
    ];
    const { runs } = recordedRuns(buildHistory(drafts).records);
    expect(runs[0]!.ending).toBe('completed');
    expect(runs[0]!.frames).toHaveLength(6);
  });

  it('pairs concurrent runs with the requests whose canaries they quote, whatever order they answer in', () => {
    const a: RunSpec = { user: 'u-1', runId: 'r-a', canary: canary(1) };
    const b: RunSpec = { user: 'u-1', runId: 'r-b', canary: canary(2) };
    const started = (spec: RunSpec): Draft =>
      eventDraft(spec, 'agent_started', { task_description: `research topic ${spec.runId} ${spec.canary}` });
    const { runs } = recordedRuns(
      buildHistory([...connect('u-1'), requestDraft(a), requestDraft(b), started(b), started(a)]).records,
    );
    expect(runs.map((r) => [r.runId, r.request?.text])).toEqual([
      ['r-b', `Please research topic r-b ${canary(2)}`],
      ['r-a', `Please research topic r-a ${canary(1)}`],
    ]);
  });

  it('leaves a run whose root never completes open, with everything it sent', () => {
    const spec: RunSpec = { user: 'u-1', runId: 'r-1', canary: canary(1), tools: ['search'] };
    const drafts = [...connect('u-1'), ...runDrafts(spec).slice(0, -1)];
    expect(recordedRuns(buildHistory(drafts).records).runs[0]!.ending).toBe('open');
    expect(types(drafts)).toEqual(['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed']);
  });

  it('keeps a refused request as a run of its error frame', () => {
    const spec: RunSpec = { user: 'u-1', runId: 'r-1', canary: canary(1) };
    const refusal: Draft = {
      kind: 'frame',
      dir: 'in',
      user: 'u-1',
      conn: 'c-1',
      payload: { type: 'error_message', error_code: 'ENGINE_LIMIT_EXCEEDED', error_message: 'limit' },
    };
    const { runs } = recordedRuns(buildHistory([...connect('u-1'), requestDraft(spec), refusal]).records);
    expect(runs).toEqual([
      expect.objectContaining({
        ending: 'rejected',
        frames: [expect.objectContaining({ json: expect.objectContaining({ error_code: 'ENGINE_LIMIT_EXCEEDED' }) })],
      }),
    ]);
    expect(runs[0]!.runId).toBeUndefined();
  });

  it('keeps a refusal of a second request out of the run still open on the socket', () => {
    const a: RunSpec = { user: 'u-1', runId: 'r-a', canary: canary(1), tools: ['search'] };
    const b: RunSpec = { user: 'u-1', runId: 'r-b', canary: canary(2) };
    const [requestA, ...eventsA] = runDrafts(a);
    const refusal: Draft = {
      kind: 'frame',
      dir: 'in',
      user: 'u-1',
      conn: 'c-1',
      payload: { type: 'error_message', error_code: 'ENGINE_LIMIT_EXCEEDED', error_message: 'limit' },
    };
    const { runs } = recordedRuns(
      buildHistory([...connect('u-1'), requestA!, eventsA[0]!, requestDraft(b), refusal, ...eventsA.slice(1)]).records,
    );
    expect(runs.map((r) => [r.runId, r.ending, r.request?.text])).toEqual([
      ['r-a', 'completed', `Please research topic r-a ${canary(1)}`],
      [undefined, 'rejected', `Please research topic r-b ${canary(2)}`],
    ]);
    expect(runs[0]!.frames.map((f) => f.json.type)).not.toContain('error_message');
  });

  it('merges a run seen on two sockets of its user, each frame once', () => {
    const spec: RunSpec = { user: 'u-1', runId: 'r-1', canary: canary(1) };
    const events = runDrafts(spec).slice(1);
    const copy = (d: Draft): Draft => (d.kind === 'frame' ? { ...d, conn: 'c-2' } : d);
    const drafts = [
      ...connect('u-1'),
      ...connect('u-1', 'c-2'),
      requestDraft(spec),
      ...events.flatMap((e) => [e, copy(e)]),
    ];
    // the builder stamps each frame at its own time: copies differ in timestamp, so dedupe is on the exact text
    const { runs } = recordedRuns(buildHistory(drafts, { stepMs: 0 }).records);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.frames.map((f) => f.json.type)).toEqual(['agent_started', 'agent_thinking', 'agent_completed']);
  });
});

describe('rekeyFrame', () => {
  it('replaces ids in every string, the longest first, and never inside a replacement', () => {
    const frame = {
      type: 'agent_thinking',
      run_id: 'r-1',
      data: { reasoning: 'user u-1 asked r-1 and r-10', nested: ['u-1'] },
    };
    expect(
      rekeyFrame(frame, {
        replace: [
          ['u-1', 'r-1-user'],
          ['r-1', 'run_new'],
          ['r-10', 'run_ten'],
        ],
        shiftMs: 0,
      }),
    ).toEqual({
      type: 'agent_thinking',
      run_id: 'run_new',
      data: { reasoning: 'user r-1-user asked run_new and run_ten', nested: ['r-1-user'] },
    });
  });

  it('moves ISO and float-second timestamps by the shift, keeping their form', () => {
    const frame = { timestamp: 1758189600.5, data: { timestamp: '2025-09-18T10:00:00.000Z' } };
    expect(rekeyFrame(frame, { replace: [], shiftMs: 1500 })).toEqual({
      timestamp: 1758189602,
      data: { timestamp: '2025-09-18T10:00:01.500Z' },
    });
  });

  it('leaves the recorded frame untouched', () => {
    const frame = { type: 'x', run_id: 'r-1' };
    rekeyFrame(frame, { replace: [['r-1', 'r-2']], shiftMs: 0 });
    expect(frame.run_id).toBe('r-1');
  });
});
