import { afterEach, describe, expect, test } from 'vitest';
import type { ReferenceBackendMetrics } from '../server/BackendRuntime.ts';
import type { ReferenceBackendOptions } from '../server/ReferenceBackendOptions.ts';
import { startReferenceBackend, type StartedReferenceBackend } from '../startReferenceBackend.ts';
import { createClientPool, type Frame, type TestClient } from '../testing/connectTestClient.ts';
import { DEFECT_CATALOG, type DefectName } from './defectCatalog.ts';

const pool = createClientPool();
afterEach(() => {
  pool.closeAll();
});

const ALICE = 'user-alice-0001';
const BOB = 'user-bob-000001';

/** A probe runs one scenario and reduces what arrived on the wire to a small observation. */
interface DefectProbe {
  shows: string;
  options?: Partial<ReferenceBackendOptions>;
  observe: (backend: StartedReferenceBackend) => Promise<unknown>;
  clean: unknown;
  defective: unknown;
}

const mentions = (frame: Frame, token: string): boolean => JSON.stringify(frame).includes(token);
const typesOf = (frames: Frame[]): string[] => frames.map((frame) => frame.type);
const lifecycle = (client: TestClient): Frame[] => client.frames.filter((f) => 'run_id' in f);
const SUPERVISOR = 'Supervisor';
/** The Supervisor's own frames (bridge shape: agent_name at the top level). */
const supervisorTypes = (client: TestClient): string[] =>
  typesOf(client.frames.filter((f) => f['agent_name'] === SUPERVISOR));
const subAgentCompletions = (client: TestClient): number =>
  client.frames.filter((f) => f.type === 'agent_completed' && f['agent_name'] !== SUPERVISOR).length;
const toolFrames = (run: Frame[], type: 'tool_executing' | 'tool_completed'): Frame[] =>
  run.filter((f) => f.type === type);

async function waitForMetrics(
  backend: StartedReferenceBackend,
  predicate: (metrics: ReferenceBackendMetrics) => boolean,
  description: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate(backend.metrics())) {
    if (Date.now() > deadline)
      throw new Error(`no ${description} after ${timeoutMs} ms: ${JSON.stringify(backend.metrics())}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Sends one start_agent and waits until the backend has finished the run, whatever reached the sockets. */
async function runAndSettle(backend: StartedReferenceBackend, client: TestClient, text: string): Promise<void> {
  const before = backend.metrics();
  const finished = (m: ReferenceBackendMetrics): number => m.runs_completed + m.runs_failed + m.runs_rejected;
  client.send({ type: 'start_agent', payload: { user_request: text, thread_id: null } });
  await waitForMetrics(backend, (m) => finished(m) > finished(before), `end of the run "${text}"`);
  await new Promise((resolve) => setTimeout(resolve, 20));
}

const PROBES: Record<DefectName, DefectProbe> = {
  'singleton-router': {
    shows: "a later user's request runs as the first user and streams to the first user's socket",
    async observe(backend) {
      const first = await pool.connect(backend, { userId: ALICE });
      const second = await pool.connect(backend, { userId: BOB });
      await runAndSettle(backend, second, 'bob asks GPC-2222222222222222 [tools:1]');
      const completed = [...first.frames, ...second.frames].find((f) => f.type === 'agent_completed');
      return {
        onFirst: first.frames.some((f) => mentions(f, 'GPC-2222')),
        onSecond: second.frames.some((f) => mentions(f, 'GPC-2222')),
        userId: completed?.['user_id'],
      };
    },
    clean: { onFirst: false, onSecond: true, userId: BOB },
    defective: { onFirst: true, onSecond: false, userId: ALICE },
  },
  'shared-emitter': {
    shows: "a run's events go to the socket that registered last",
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const bob = await pool.connect(backend, { userId: BOB });
      await runAndSettle(backend, alice, 'alice asks GPC-1111111111111111 [tools:1]');
      return {
        onAlice: typesOf(lifecycle(alice)).includes('agent_completed'),
        onBob: bob.frames.some((f) => mentions(f, 'GPC-1111')),
      };
    },
    clean: { onAlice: true, onBob: false },
    defective: { onAlice: false, onBob: true },
  },
  'thread-as-user': {
    shows: 'events routed by thread_id reach no socket although the run completes',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      await runAndSettle(backend, alice, 'anyone there? [tools:1]');
      return { received: typesOf(lifecycle(alice)).length > 0, completedRuns: backend.metrics().runs_completed };
    },
    clean: { received: true, completedRuns: 1 },
    defective: { received: false, completedRuns: 1 },
  },
  'emitter-no-manager': {
    shows: 'the run completes in the factory but none of the five events arrives',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      await runAndSettle(backend, alice, 'hello? [tools:1]');
      return {
        received: [...new Set(typesOf(lifecycle(alice)))].sort(),
        goldenPathExecutions: backend.metrics().factory.golden_path_executions,
      };
    },
    clean: {
      received: ['agent_completed', 'agent_started', 'agent_thinking', 'tool_completed', 'tool_executing'],
      goldenPathExecutions: 1,
    },
    defective: { received: [], goldenPathExecutions: 1 },
  },
  'drop-thinking': {
    shows: 'no agent_thinking arrives',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      return typesOf(await alice.runGoldenPath('think about it [tools:1]')).includes('agent_thinking');
    },
    clean: true,
    defective: false,
  },
  'reorder-tool-events': {
    shows: 'tool_completed arrives before its tool_executing',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const types = typesOf(await alice.runGoldenPath('use a tool [tools:1]'));
      return types.indexOf('tool_completed') < types.indexOf('tool_executing');
    },
    clean: false,
    defective: true,
  },
  'missing-agent-completed': {
    shows: 'the run ends without agent_completed from any agent',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      await runAndSettle(backend, alice, 'finish please [tools:1]');
      return {
        supervisor: supervisorTypes(alice).includes('agent_completed'),
        subAgents: subAgentCompletions(alice) > 0,
      };
    },
    clean: { supervisor: true, subAgents: true },
    defective: { supervisor: false, subAgents: false },
  },
  'duplicate-agent-completed': {
    shows: "the Supervisor's agent_completed, which ends the run, arrives twice",
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      await runAndSettle(backend, alice, 'finish once [tools:1]');
      return supervisorTypes(alice).filter((t) => t === 'agent_completed').length;
    },
    clean: 1,
    defective: 2,
  },
  'late-agent-started': {
    shows: 'agent_started arrives after the first agent_thinking',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      return typesOf(await alice.runGoldenPath('start properly [tools:1]')).slice(0, 2);
    },
    clean: ['agent_started', 'agent_thinking'],
    defective: ['agent_thinking', 'agent_started'],
  },
  'context-reuse': {
    shows: "the second request streams under the first run's run_id, quoting the first request",
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const first = await alice.runGoldenPath('first question GPC-aaaaaaaaaaaaaaa1 [tools:1]');
      const from = alice.frames.length;
      await runAndSettle(backend, alice, 'second question GPC-bbbbbbbbbbbbbbb2 [tools:1]');
      const second = alice.frames.slice(from).filter((f) => 'run_id' in f);
      return {
        sameRunId: second.length > 0 && second.every((f) => f['run_id'] === first[0]?.['run_id']),
        quotesFirst: second.some((f) => mentions(f, 'GPC-aaaaaaaaaaaaaaa1')),
        quotesSecond: second.some((f) => mentions(f, 'GPC-bbbbbbbbbbbbbbb2')),
      };
    },
    clean: { sameRunId: false, quotesFirst: false, quotesSecond: true },
    defective: { sameRunId: true, quotesFirst: true, quotesSecond: false },
  },
  'engine-leak': {
    shows: 'finished runs keep their engines until the per-user limit rejects the next request',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      await alice.runGoldenPath('run one');
      await alice.runGoldenPath('run two');
      const activeEngines = backend.metrics().factory.active_engines_count;
      await runAndSettle(backend, alice, 'run three');
      return {
        activeEngines,
        thirdRejected: alice.ofType('error_message').some((f) => f['error_code'] === 'ENGINE_LIMIT_EXCEEDED'),
      };
    },
    clean: { activeEngines: 0, thirdRejected: false },
    defective: { activeEngines: 2, thirdRejected: true },
  },
  'limit-bypass': {
    shows: 'a third concurrent run of one user is not rejected',
    options: { latencyMs: 20 },
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      for (const n of [1, 2, 3])
        alice.send({ type: 'start_agent', payload: { user_request: `concurrent ${n} [tools:1]` } });
      await waitForMetrics(backend, (m) => m.runs_completed + m.runs_rejected === 3, 'three runs settled');
      return {
        completed: backend.metrics().runs_completed,
        rejections: backend.metrics().factory.user_limit_rejections,
      };
    },
    clean: { completed: 2, rejections: 1 },
    defective: { completed: 3, rejections: 0 },
  },
  'slow-factory': {
    shows: 'agent_started comes only after the extra engine-creation delay',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const sent = Date.now();
      alice.send({ type: 'start_agent', payload: { user_request: 'quick please' } });
      await alice.waitFor((f) => f.type === 'agent_started', 'agent_started');
      return Date.now() - sent >= 380;
    },
    clean: false,
    defective: true,
  },
  'schema-drift': {
    shows: 'tool_completed carries result instead of results, and no metadata.result',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE, validate: false });
      const completed = (await alice.runGoldenPath('drift [tools:1]')).find(
        (f) => f.type === 'tool_completed',
      ) as Frame;
      return {
        hasResults: 'results' in completed,
        hasResult: 'result' in completed,
        metadataResult: 'result' in (completed['metadata'] as object),
      };
    },
    clean: { hasResults: true, hasResult: false, metadataResult: true },
    defective: { hasResults: false, hasResult: true, metadataResult: false },
  },
  'foreign-user-id': {
    shows: "events reach the right socket stamped with another connected user's id",
    async observe(backend) {
      await pool.connect(backend, { userId: ALICE });
      const bob = await pool.connect(backend, { userId: BOB });
      const run = await bob.runGoldenPath('who am i [tools:1]');
      return [...new Set(run.map((f) => f['user_id']))];
    },
    clean: [BOB],
    defective: [ALICE],
  },
  'cross-user-cache': {
    shows: "a second user asking a similar question receives the first user's tool results and canary",
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const bob = await pool.connect(backend, { userId: BOB });
      await alice.runGoldenPath('What is my budget? GPC-aaaaaaaaaaaaaaaa [tools:1]');
      const run = await bob.runGoldenPath('What is my budget? GPC-bbbbbbbbbbbbbbbb [tools:1]');
      const results = JSON.stringify(run.find((f) => f.type === 'tool_completed')?.['results']);
      return {
        aliceCanary: results.includes('GPC-aaaaaaaaaaaaaaaa'),
        bobCanary: results.includes('GPC-bbbbbbbbbbbbbbbb'),
      };
    },
    clean: { aliceCanary: false, bobCanary: true },
    defective: { aliceCanary: true, bobCanary: false },
  },
  'router-socket-overwritten': {
    shows: "a request runs as its sender, but the Supervisor's events go to the socket that connected last",
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const bob = await pool.connect(backend, { userId: BOB });
      await runAndSettle(backend, alice, 'alice asks GPC-3333333333333333 [tools:1]');
      const bobSupervisor = bob.frames.filter((f) => f['agent_name'] === SUPERVISOR);
      return {
        supervisorOnAlice: supervisorTypes(alice),
        supervisorOnBob: typesOf(bobSupervisor),
        stampedOnBob: [...new Set(bobSupervisor.map((f) => f['user_id']))],
        subAgentsOnAlice: subAgentCompletions(alice) > 0,
      };
    },
    clean: {
      supervisorOnAlice: ['agent_started', 'agent_thinking', 'agent_completed'],
      supervisorOnBob: [],
      stampedOnBob: [],
      subAgentsOnAlice: true,
    },
    defective: {
      supervisorOnAlice: [],
      supervisorOnBob: ['agent_started', 'agent_thinking', 'agent_completed'],
      stampedOnBob: [ALICE],
      subAgentsOnAlice: true,
    },
  },
  'bridge-addressed-by-run-id': {
    shows: "the Supervisor's events never arrive while the sub-agents' do",
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      await runAndSettle(backend, alice, 'where is the supervisor [tools:1]');
      return {
        supervisor: supervisorTypes(alice),
        subAgents: subAgentCompletions(alice) > 0,
        completedRuns: backend.metrics().runs_completed,
      };
    },
    clean: { supervisor: ['agent_started', 'agent_thinking', 'agent_completed'], subAgents: true, completedRuns: 1 },
    defective: { supervisor: [], subAgents: true, completedRuns: 1 },
  },
  'emit-context-thread-as-user': {
    shows: "the Supervisor's agent_thinking and agent_completed are never sent; its agent_started is",
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      await runAndSettle(backend, alice, 'think and finish [tools:1]');
      return { supervisor: supervisorTypes(alice), subAgents: subAgentCompletions(alice) > 0 };
    },
    clean: { supervisor: ['agent_started', 'agent_thinking', 'agent_completed'], subAgents: true },
    defective: { supervisor: ['agent_started'], subAgents: true },
  },
  'thinking-sent-as-reasoning': {
    shows: 'the sub-agents\' thinking arrives as type "reasoning", the real bug frame',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      await runAndSettle(backend, alice, 'reason about it [tools:1]');
      const types = typesOf(lifecycle(alice));
      const reasoning = alice.frames.find((f) => f.type === 'reasoning');
      return {
        thinking: types.filter((t) => t === 'agent_thinking').length,
        reasoning: types.includes('reasoning'),
        inMetadata: (reasoning?.['metadata'] as Record<string, unknown> | undefined)?.['agent_name'] !== undefined,
      };
    },
    clean: { thinking: 6, reasoning: false, inMetadata: false },
    defective: { thinking: 1, reasoning: true, inMetadata: true },
  },
  'tool-completed-without-results': {
    shows: 'tool_completed carries neither results nor metadata.result',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE, validate: false });
      const [completed] = toolFrames(await alice.runGoldenPath('no results [tools:1]'), 'tool_completed');
      return {
        results: completed !== undefined && 'results' in completed,
        metadataResult: 'result' in ((completed?.['metadata'] as object | undefined) ?? {}),
      };
    },
    clean: { results: true, metadataResult: true },
    defective: { results: false, metadataResult: false },
  },
  'tool-name-only-nested': {
    shows: 'tool events carry tool_name only under data',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const run = await alice.runGoldenPath('nested name [tools:2]');
      const tools = [...toolFrames(run, 'tool_executing'), ...toolFrames(run, 'tool_completed')];
      return {
        topLevel: tools.some((f) => 'tool_name' in f),
        underData: tools.every(
          (f) => typeof (f['data'] as Record<string, unknown> | undefined)?.['tool_name'] === 'string',
        ),
      };
    },
    clean: { topLevel: true, underData: false },
    defective: { topLevel: false, underData: true },
  },
  'tool-args-swapped': {
    shows: 'tool_completed names the agent where its tool_executing named the tool',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const run = await alice.runGoldenPath('swap check [tools:2]');
      const names = (type: 'tool_executing' | 'tool_completed'): unknown[] =>
        toolFrames(run, type).map((f) => f['tool_name']);
      return {
        matches: JSON.stringify(names('tool_completed')) === JSON.stringify(names('tool_executing')),
        completed: [...new Set(names('tool_completed'))].length,
      };
    },
    clean: { matches: true, completed: 2 },
    defective: { matches: false, completed: 1 },
  },
  'router-arity-closes-socket': {
    shows: 'the first message of a socket gets close 1000, no answer and no run',
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      alice.send({ type: 'start_agent', payload: { user_request: 'first message [tools:1]' } });
      const ended = await Promise.race([
        alice.waitForClose().then(
          (closed) => closed.code,
          () => undefined,
        ),
        alice
          .waitFor(
            (f) => f.type === 'agent_completed' && f['agent_name'] === SUPERVISOR,
            "the Supervisor's agent_completed",
          )
          .then(
            () => 'completed',
            () => undefined,
          ),
      ]);
      return {
        ended,
        answers: alice.frames
          .slice(1)
          .filter((f) => !('run_id' in f))
          .map((f) => f.type),
        runsStarted: backend.metrics().runs_started,
      };
    },
    clean: { ended: 'completed', answers: [], runsStarted: 1 },
    defective: { ended: 1000, answers: [], runsStarted: 0 },
  },
  'shared-agent-state': {
    shows: "a later user's report merges an earlier user's request, canary included",
    async observe(backend) {
      const alice = await pool.connect(backend, { userId: ALICE });
      const bob = await pool.connect(backend, { userId: BOB });
      await alice.runGoldenPath('Alice report GPC-aaaaaaaaaaaa0001 [tools:1]');
      const run = await bob.runGoldenPath('Bob report GPC-bbbbbbbbbbbb0002 [tools:1]');
      const report = String(
        run.find((f) => f.type === 'agent_completed' && f['agent_name'] === 'reporting')?.['final_response'],
      );
      return {
        aliceCanary: report.includes('GPC-aaaaaaaaaaaa0001'),
        bobCanary: report.includes('GPC-bbbbbbbbbbbb0002'),
      };
    },
    clean: { aliceCanary: false, bobCanary: true },
    defective: { aliceCanary: true, bobCanary: true },
  },
};

const defectSpec = (name: DefectName): string => (name === 'slow-factory' ? 'slow-factory:400' : name);

describe('defects on the wire', () => {
  test.each(DEFECT_CATALOG.map((defect) => [defect.name, PROBES[defect.name].shows] as const))(
    '%s: %s',
    async (name) => {
      const probe = PROBES[name];
      const observeWith = async (defects: string[]): Promise<unknown> => {
        await using backend = await startReferenceBackend({ latencyMs: 0, ...probe.options, defects });
        return await probe.observe(backend);
      };
      expect(await observeWith([]), 'clean backend').toEqual(probe.clean);
      expect(await observeWith([defectSpec(name)]), `with ${name}`).toEqual(probe.defective);
    },
  );

  test('an intermittent defect strikes a reproducible subset of runs for the same seed', async () => {
    const pattern = async (): Promise<boolean[]> => {
      await using backend = await startReferenceBackend({ latencyMs: 0, seed: 5, defects: ['drop-thinking@0.5'] });
      const alice = await pool.connect(backend, { userId: ALICE });
      const struck: boolean[] = [];
      for (let i = 0; i < 12; i++)
        struck.push(!typesOf(await alice.runGoldenPath(`question ${i}`)).includes('agent_thinking'));
      return struck;
    };
    const first = await pattern();
    expect(first).toContain(true);
    expect(first).toContain(false);
    expect(await pattern()).toEqual(first);
  });
});
