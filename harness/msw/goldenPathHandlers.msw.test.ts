import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findCanaries, makeCanary } from '../../contracts/index.ts';
import {
  buildHistory,
  canary,
  connect,
  eventDraft,
  historyText,
  requestDraft,
  runDrafts,
  type Draft,
  type RunSpec,
} from '../checks/testing/historyBuilder.ts';
import { readHistory } from '../checks/history/readHistory.ts';
import { signTestToken } from '../../reference/signTestToken.ts';
import { goldenPathHandlers, type GoldenPathHandlersOptions, type GoldenPathMock } from './goldenPathHandlers.ts';
import { GoldenPathMockError } from './GoldenPathMockError.ts';
import { ChatSocketClient } from './testing/ChatSocketClient.ts';
import { recordReferenceHistory } from './testing/recordReferenceHistory.ts';

const URL = 'ws://127.0.0.1:9/ws';
const FIVE = ['agent_started', 'agent_thinking', 'tool_executing', 'tool_completed', 'agent_completed'];

/** The types of a recorded run, as the history has them. */
const typesOf = (mock: GoldenPathMock, run: number): string[] =>
  mock.recorded[run]!.frames.map((f) => String(f.json.type));

/** The five appear in order (with sub-agents' events between them), the run opened by agent_started and closed by agent_completed. */
function expectGoldenPath(types: readonly string[]): void {
  let next = 0;
  for (const type of types) if (type === FIVE[next]) next++;
  expect(FIVE.slice(0, next), `the five events in order in ${types.join(' ')}`).toEqual(FIVE);
  expect([types[0], types.at(-1)]).toEqual(['agent_started', 'agent_completed']);
}
const server = setupServer();
let dir: string;
/** Recorded against the reference backend in its default supervisor-pipeline form, and in its single-agent form. */
let recorded: string;
let recordedSingle: string;
const clients: ChatSocketClient[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-msw-'));
  recorded = join(dir, 'reference.history.jsonl');
  // recorded before msw listens, and the backend is gone by the time the mock answers: the replay is the history's
  await recordReferenceHistory(recorded);
  recordedSingle = join(dir, 'reference-single.history.jsonl');
  await recordReferenceHistory(recordedSingle, { backend: { agentShape: 'single' } });
  server.listen({ onUnhandledRequest: 'error' });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
  server.resetHandlers();
});
afterAll(async () => {
  server.close();
  await rm(dir, { recursive: true, force: true });
});

async function mock(options: Omit<GoldenPathHandlersOptions, 'url'>): Promise<GoldenPathMock> {
  const built = await goldenPathHandlers({ url: URL, ...options });
  server.use(...built.handlers);
  return built;
}

async function open(
  user = 'alice-0001-frontend',
): Promise<{ client: ChatSocketClient; welcome: Record<string, unknown> }> {
  const token = await signTestToken({ secret: 'not-checked-by-the-mock', userId: user });
  const opened = await ChatSocketClient.connect(URL, token);
  clients.push(opened.client);
  return opened;
}

async function historyFile(name: string, drafts: Draft[]): Promise<string> {
  const { header, records } = buildHistory(drafts);
  const path = join(dir, name);
  await writeFile(path, historyText(header, records));
  return path;
}

describe('goldenPathHandlers replaying a history recorded against the reference backend', () => {
  it('answers the connection with the recorded welcome, re-addressed to the test user', async () => {
    await mock({ history: recorded });
    const { welcome } = await open('alice-0001-frontend');
    expect(welcome).toMatchObject({ type: 'connection_established', data: { mode: 'main', user_id: 'alice-00...' } });
  });

  it('answers a start_agent with the five events in order, re-keyed to the test user, a new run id and the request canary', async () => {
    const built = await mock({ history: recorded });
    const { client } = await open('alice-0001-frontend');
    const ask = `Summarise the contract [ref ${makeCanary()}]`;
    const run = await client.run(client.startAgent(ask));
    expectGoldenPath(run.types);
    expect(run.types).toEqual(typesOf(built, 0));
    expect(run.ended).toBe('completed');
    const recordedRun = built.recorded[0]!;
    expect(run.runId).toMatch(/^run_chat_\d+_[0-9a-f]{8}$/);
    expect(run.runId).not.toBe(recordedRun.runId);
    const text = JSON.stringify(run.frames);
    expect(text).not.toContain(recordedRun.user);
    expect(text).not.toContain(recordedRun.runId);
    expect(run.frames.every((f) => f.user_id === 'alice-0001-frontend' && f.run_id === run.runId)).toBe(true);
    // the reference agent quotes the request: the replay quotes this test's request, canary included
    expect(new Set(findCanaries(text))).toEqual(new Set(findCanaries(ask)));
    expect(text).toContain('Summarise the contract');
    expect(built.errors).toEqual([]);
  });

  it('answers the follow-up user_message with the next recorded run, in the thread the request names', async () => {
    const built = await mock({ history: recorded });
    const { client } = await open();
    const first = await client.run(client.startAgent('First question [tools:1]'));
    const threadId = first.threadId!;
    expect(threadId).toMatch(/^thread_chat_\d+_[0-9a-f]{8}$/);
    const second = await client.run(client.userMessage('A follow-up', threadId));
    expect(second.types).toEqual(typesOf(built, 1));
    expect(second.types.filter((t) => t === 'tool_executing')).toHaveLength(2);
    expect(second.runId).not.toBe(first.runId);
    expect(second.frames.every((f) => f.thread_id === undefined || f.thread_id === threadId)).toBe(true);
    expect(second.threadId).toBe(threadId);
    expect(built.recorded.map((r) => r.request?.type)).toEqual(['start_agent', 'user_message']);
  });

  it('replays the pipeline the reference backend recorded: sub-agents and all, to the supervisor’s end', async () => {
    const built = await mock({ history: recorded });
    const { client } = await open();
    const run = await client.run(client.startAgent('Which plan is cheaper?'));
    expect(run.types.filter((t) => t === 'agent_started').length).toBeGreaterThan(1);
    expect(run.types).toEqual(typesOf(built, 0));
    expectGoldenPath(run.types);
  });

  it('replays a single-agent recording the same way: one span, the five events in order', async () => {
    const built = await mock({ history: recordedSingle });
    const { client } = await open();
    const run = await client.run(client.startAgent('Which plan is cheaper?'));
    expect(run.types.filter((t) => t === 'agent_started')).toHaveLength(1);
    expect(run.types).toEqual(typesOf(built, 0));
    expectGoldenPath(run.types);
  });

  it('keeps the recorded gaps with timing recorded', async () => {
    const built = await mock({ history: recorded, timing: 'recorded' });
    const { client } = await open();
    expect((await client.run(client.startAgent('at recorded pace'))).types).toEqual(typesOf(built, 0));
  });

  it('refuses a timing that is neither a mode nor a factor', async () => {
    await expect(goldenPathHandlers({ url: URL, history: recorded, timing: -1 })).rejects.toThrow(
      "timing: expected 'compressed', 'recorded' or a factor >= 0, received -1",
    );
  });

  it('replays only the runs chosen, in turn', async () => {
    const built = await mock({ history: recorded, runs: [1] });
    const { client } = await open();
    const a = await client.run(client.startAgent('one'));
    const b = await client.run(client.startAgent('two'));
    expect(a.types).toEqual(typesOf(built, 1));
    expect(b.types).toEqual(typesOf(built, 1));
  });
});

describe('goldenPathHandlers and a supervisor pipeline', () => {
  const spec: RunSpec = {
    user: 'gp-pipe-u0001',
    runId: 'run_chat_7_a1b2c3d4',
    canary: canary(7),
    threadId: 'thread_chat_7_a1b2c3d4',
  };
  const agent = (name: string, type: string, details: Record<string, unknown> = {}, n = 0): Draft =>
    eventDraft(spec, type, { agent_name: name, ...details }, n);
  // with the real emitter's nulls and defaults: no call ids, "Task completed"
  const pipeline: Draft[] = [
    ...connect(spec.user),
    requestDraft(spec),
    agent('Supervisor', 'agent_started'),
    agent('Supervisor', 'agent_thinking', { reasoning: `Routing the request ${spec.canary} to triage and data.` }),
    agent('triage', 'agent_started'),
    agent('triage', 'agent_thinking', { reasoning: 'Triage decides which data the request needs.' }),
    agent('triage', 'agent_completed', { status: 'completed', final_response: 'Task completed' }),
    agent('data', 'agent_started'),
    agent('data', 'tool_executing', { tool_name: 'query_metrics', parameters: { q: spec.canary }, execution_id: null }),
    agent('data', 'tool_completed', { tool_name: 'query_metrics', results: { rows: 3 }, execution_id: null }),
    agent('data', 'agent_completed', { status: 'completed', final_response: 'Task completed' }),
    agent('Supervisor', 'agent_completed', {
      status: 'completed',
      final_response: `The pipeline answered ${spec.canary} in full.`,
    }),
  ];

  it('replays the whole run, every sub-agent, up to the supervisor’s own agent_completed', async () => {
    const history = await historyFile('pipeline.history.jsonl', pipeline);
    const built = await mock({ history });
    expect(built.recorded).toHaveLength(1);
    expect(built.recorded[0]!.ending).toBe('completed');
    const { client } = await open();
    const run = await client.run(client.startAgent(`Why did costs rise? [ref ${makeCanary()}]`));
    expect(run.frames.map((f) => `${f.agent_name}:${f.type}`)).toEqual([
      'Supervisor:agent_started',
      'Supervisor:agent_thinking',
      'triage:agent_started',
      'triage:agent_thinking',
      'triage:agent_completed',
      'data:agent_started',
      'data:tool_executing',
      'data:tool_completed',
      'data:agent_completed',
      'Supervisor:agent_completed',
    ]);
    expect(new Set(run.frames.map((f) => f.run_id))).toEqual(new Set([run.runId]));
    expect(JSON.stringify(run.frames)).not.toContain(spec.canary);
  });

  it('keeps an agent_error without run_id in the run whose agent is open on that socket', async () => {
    const history = await historyFile('pipeline-error.history.jsonl', [
      ...pipeline.slice(0, 9),
      {
        kind: 'frame',
        dir: 'in',
        user: spec.user,
        conn: 'c-1',
        stamp: 'iso',
        payload: { type: 'agent_error', error: 'data agent crashed', critical: true },
      },
      agent('Supervisor', 'agent_completed', {
        status: 'completed',
        final_response: 'The pipeline answered with what it had.',
      }),
    ]);
    const built = await mock({ history });
    const { client } = await open();
    const run = await client.run(client.startAgent('Why?'));
    expect(run.types).toEqual([
      'agent_started',
      'agent_thinking',
      'agent_started',
      'agent_thinking',
      'agent_completed',
      'agent_started',
      'agent_error',
      'agent_completed',
    ]);
    expect(run.frames[6]).toEqual(expect.objectContaining({ type: 'agent_error', error: 'data agent crashed' }));
    expect(built.recorded[0]!.ending).toBe('completed');
  });
});

describe('goldenPathHandlers holding every frame to the contracts', () => {
  const spec: RunSpec = { user: 'gp-bad0-u0001', runId: 'run_chat_9_deadbeef', canary: canary(9), tools: ['search'] };
  /** The recorded run with tool_completed lacking its results (a bug that really shipped). */
  const broken = (): Draft[] => [
    ...connect(spec.user),
    ...runDrafts(spec).map((d) => {
      if (d.kind !== 'frame' || d.payload?.type !== 'tool_completed') return d;
      const { results: _results, ...rest } = d.payload;
      return { ...d, payload: rest };
    }),
  ];

  it('refuses a frame that breaks its contract: the test is told the finding code, the frontend never gets the frame', async () => {
    const history = await historyFile('broken.history.jsonl', broken());
    const refused: GoldenPathMockError[] = [];
    const built = await mock({ history, onContractError: (error) => refused.push(error) });
    const { client } = await open();
    const run = await client.run(client.startAgent('Find sources'));
    expect(run.types).toEqual(['agent_started', 'agent_thinking', 'tool_executing']);
    expect(run.ended).toBe('closed');
    expect(client.closed).toEqual({ code: 1011, reason: 'contract.schema_mismatch' });
    expect(refused.map((e) => e.code)).toEqual(['contract.schema_mismatch']);
    expect(refused[0]!.message).toContain('tool_completed needs results');
    expect(refused[0]!.message).toContain('frame 4 of 5 of recorded run 0 (tool_completed)');
    expect(built.errors).toEqual(refused);
  });

  it('by default fails the test with an uncaught error carrying the finding code', async () => {
    const history = await historyFile('broken-default.history.jsonl', broken());
    await mock({ history });
    // vitest's own handler would fail this test file; this test takes the error instead, to look at it
    const vitestHandlers = process.listeners('uncaughtException');
    process.removeAllListeners('uncaughtException');
    try {
      const uncaught = new Promise<unknown>((resolve) => process.once('uncaughtException', resolve));
      const { client } = await open();
      client.startAgent('Find sources');
      const error = await uncaught;
      expect(error).toBeInstanceOf(GoldenPathMockError);
      expect((error as GoldenPathMockError).code).toBe('contract.schema_mismatch');
      expect((error as GoldenPathMockError).finding).toMatchObject({
        code: 'contract.schema_mismatch',
        severity: 'error',
      });
    } finally {
      for (const handler of vitestHandlers) process.on('uncaughtException', handler);
    }
  });

  it('does not answer a request that breaks the client contract, and tells the test what it lacks', async () => {
    const refused: GoldenPathMockError[] = [];
    const built = await mock({ history: recorded, onContractError: (error) => refused.push(error) });
    const { client } = await open();
    client.send({ type: 'start_agent', payload: { message: 'the field is user_request', thread_id: null } });
    client.send({ type: 'ping', timestamp: 7 });
    await client.next((f) => f.type === 'pong', 'no pong');
    await built.settled();
    expect(client.frames.map((f) => f.type)).toEqual(['connection_established', 'pong']);
    expect(refused.map((e) => e.code)).toEqual(['GOLDPATH_MSW_INVALID_REQUEST']);
    expect(refused[0]!.message).toContain(
      'goldpath mock got a start_agent that breaks the client contract (payload.user_request: ',
    );
    expect(refused[0]!.finding).toBeUndefined();
  });

  it('sends a history that holds to the contracts without a single refusal', async () => {
    const { header, records } = await readHistory(recorded);
    const refused: GoldenPathMockError[] = [];
    await mock({ history: { header, records }, onContractError: (e) => refused.push(e) });
    const { client } = await open();
    await client.run(client.startAgent('a'));
    await client.run(client.startAgent('b'));
    expect(refused).toEqual([]);
  });
});

describe('goldenPathHandlers variants for unhappy paths', () => {
  it('error: the run stops after the named step with an agent_error of the run', async () => {
    await mock({
      history: recorded,
      runs: [{ run: 0, variant: { kind: 'error', after: 'tool_executing', code: 'LLM_TIMEOUT' } }],
    });
    const { client } = await open();
    const run = await client.run(client.startAgent('x'));
    expect(run.types.slice(-2)).toEqual(['tool_executing', 'agent_error']);
    expect(run.types).not.toContain('tool_completed');
    expect(run.frames.at(-1)).toMatchObject({
      type: 'agent_error',
      run_id: run.runId,
      user_id: 'alice-0001-frontend',
      error_code: 'LLM_TIMEOUT',
    });
  });

  it('reject: the request is answered by an error_message and no run', async () => {
    await mock({ history: recorded, runs: [{ run: 0, variant: { kind: 'reject', code: 'ENGINE_LIMIT_EXCEEDED' } }] });
    const { client } = await open();
    const run = await client.run(client.startAgent('x'));
    expect(run).toMatchObject({
      ended: 'rejected',
      frames: [{ type: 'error_message', error_code: 'ENGINE_LIMIT_EXCEEDED' }],
    });
  });

  it('missing-completed: everything but the root agent_completed arrives', async () => {
    const built = await mock({ history: recorded, runs: [{ run: 0, variant: { kind: 'missing-completed' } }] });
    const { client } = await open();
    const since = client.startAgent('x');
    await client.next((f) => f.type === 'tool_completed', 'no tool_completed', 5000, since);
    await built.settled();
    client.close();
    const run = await client.run(since);
    const recordedTypes = typesOf(built, 0);
    expect(run.types).toEqual(recordedTypes.slice(0, recordedTypes.lastIndexOf('agent_completed')));
    expect(run.ended).toBe('closed');
  });

  it('slow-step: the frontend can act while the step is late', async () => {
    const built = await mock({
      history: recorded,
      runs: [{ run: 0, variant: { kind: 'slow-step', step: 'tool_completed', delayMs: 2000 } }],
    });
    const { client } = await open();
    const since = client.startAgent('x');
    await client.next((f) => f.type === 'tool_executing', 'no tool_executing', 5000, since);
    client.send({ type: 'ping', timestamp: 1 });
    await client.next((f) => f.type === 'pong', 'no pong', 5000, since);
    const before = typesOf(built, 0).slice(0, typesOf(built, 0).indexOf('tool_completed'));
    expect(client.frames.slice(since).map((f) => f.type)).toEqual([...before, 'pong']);
    expect((await client.run(since)).types).toEqual(typesOf(built, 0));
  });

  it('replays the unhappy runs the history shows, picked by a filter', async () => {
    const ok: RunSpec = { user: 'gp-mix0-u0001', runId: 'run_chat_1_00000001', canary: canary(11), tools: ['search'] };
    const failed: RunSpec = {
      user: 'gp-mix0-u0001',
      runId: 'run_chat_2_00000002',
      canary: canary(12),
      errorCode: 'LLM_TIMEOUT',
    };
    const history = await historyFile('mixed.history.jsonl', [
      ...connect(ok.user),
      ...runDrafts(ok),
      ...runDrafts(failed),
    ]);
    const built = await mock({ history, runs: (run) => run.ending === 'error' });
    expect(built.recorded.map((r) => r.ending)).toEqual(['completed', 'error']);
    const { client } = await open();
    const run = await client.run(client.startAgent('x'));
    expect(run).toMatchObject({ ended: 'error', types: ['agent_started', 'agent_thinking', 'agent_error'] });
    expect(run.frames.at(-1)).toMatchObject({ error_code: 'LLM_TIMEOUT', run_id: run.runId });
  });

  it('says what the history has when a filter picks no run', async () => {
    await expect(
      goldenPathHandlers({ url: URL, history: recorded, runs: (run) => run.ending === 'rejected' }),
    ).rejects.toThrow(
      `runs: expected at least one recorded run, received none (${recorded} has 2 runs, ending: completed, completed)`,
    );
  });

  it('names the types a variant could use when the run has no such step', async () => {
    await expect(
      goldenPathHandlers({
        url: URL,
        history: recorded,
        runs: [{ run: 0, variant: { kind: 'error', after: 'tool_error' } }],
      }),
    ).rejects.toThrow('variant error after tool_error: recorded run 0 (');
  });

  it('says which runs exist when asked for one the history does not have', async () => {
    await expect(goldenPathHandlers({ url: URL, history: recorded, runs: [5] })).rejects.toThrow(
      `runs: ${recorded} has runs 0..1, received 5`,
    );
  });
});
