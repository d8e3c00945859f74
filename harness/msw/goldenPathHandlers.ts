import { randomBytes } from 'node:crypto';
import { ws, type WebSocketHandler } from 'msw';
import {
  ClientMessage,
  findCanaries,
  GOLDEN_PATH_EVENTS,
  type HistoryHeader,
  type HistoryRecord,
  type ReadRecord,
} from '../../contracts/index.ts';
import { readHistory } from '../checks/history/readHistory.ts';
import { UsageError } from '../common/GoldpathError.ts';
import { credentialUser } from './credentialUser.ts';
import { GoldenPathMockError } from './GoldenPathMockError.ts';
import { readRequest, recordedRuns, type RecordedRun } from './recordedRuns.ts';
import { rekeyFrame } from './rekeyFrame.ts';
import { atOf, planReplay, type ReplayPlan } from './planReplay.ts';
import type { RunVariant } from './RunVariant.ts';
import { validateFrame } from './validateFrame.ts';

/** A recorded run by its index among the history's runs (0-based), optionally with an unhappy variant on top. */
export type RunChoice = number | { run: number; variant?: RunVariant };

export interface GoldenPathHandlersOptions {
  /** The WebSocket URL the frontend connects to, as msw's `ws.link` takes it: `'ws://localhost:8000/ws'`, `'*\/ws'`, a RegExp. */
  url: string | RegExp;
  /** A goldpath history (a path, or one read with readHistory): what a real backend sent, recorded by `goldpath run`. */
  history: string | { header: HistoryHeader; records: readonly (HistoryRecord | ReadRecord)[] };
  /**
   * Which recorded runs answer the requests, in turn (cycled): indexes (each with an optional variant), or a filter
   * such as `(run) => run.ending === 'error'` for the unhappy runs the history shows. Default: every run, in order.
   */
  runs?: readonly RunChoice[] | ((run: RecordedRun) => boolean);
  /** `'compressed'` (default): frames back to back; `'recorded'`: the recorded gaps; a number: recorded gaps times it. */
  timing?: 'compressed' | 'recorded' | number;
  /** The test's user id. Default: the `sub` of the token the client offers (subprotocol `jwt.<token>` or `?token=`), else `test-user`. */
  user?: string;
  /** How the contract check treats frame types it does not know (default 'warn': sent). */
  unknownEvents?: 'ignore' | 'warn' | 'error';
  /**
   * Told about what the mock refused: a frame that breaks the contract (not sent; the socket is then closed with 1011),
   * or a request of the frontend that breaks the client contract (not answered).
   * Default: the error is thrown as an uncaught exception, which fails the test run with its code and message.
   */
  onContractError?: (error: GoldenPathMockError) => void;
}

export interface GoldenPathMock {
  /** Hand these to msw: `setupServer(...mock.handlers)` or `server.use(...mock.handlers)`. */
  handlers: WebSocketHandler[];
  /** The recorded runs the mock replays from, in history order (to pick `runs` by what they show). */
  recorded: readonly RecordedRun[];
  /** Everything refused so far (frames not sent, requests not answered), in order. */
  errors: readonly GoldenPathMockError[];
  /** Resolves when every replay started so far has sent its last frame (or stopped). */
  settled(): Promise<void>;
}

let issued = 0;
const hex8 = (): string => randomBytes(4).toString('hex');
const newRunId = (): string => `run_chat_${++issued}_${hex8()}`;
const newThreadId = (): string => `thread_chat_${++issued}_${hex8()}`;

function scaleOf(timing: GoldenPathHandlersOptions['timing']): number {
  if (timing === undefined || timing === 'compressed') return 0;
  if (timing === 'recorded') return 1;
  if (!Number.isFinite(timing) || timing < 0)
    throw new UsageError(
      'GOLDPATH_MSW_OPTIONS',
      `timing: expected 'compressed', 'recorded' or a factor >= 0, received ${timing}`,
    );
  return timing;
}

/** Resolves after `ms` (a macrotask even for 0, so each frame is its own message event), or at once on abort. */
const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });

/**
 * msw handlers that play a backend from a recorded goldpath history: each connection gets the recorded welcome, each
 * `start_agent` / `user_message` the next recorded run (every frame of its run_id, sub-agents included), re-keyed to
 * the test's user, thread and run ids and to the request's own text and canary. Every frame is held to goldpath's
 * contracts before it is sent: a broken one is never sent, and fails the test with its finding code.
 * @example
 * const mock = await goldenPathHandlers({ url: 'ws://localhost:8000/ws', history: 'fixtures/staging.history.jsonl' });
 * const server = setupServer(...mock.handlers);
 * server.listen();
 */
export async function goldenPathHandlers(options: GoldenPathHandlersOptions): Promise<GoldenPathMock> {
  const scale = scaleOf(options.timing);
  const history = typeof options.history === 'string' ? await readHistory(options.history) : options.history;
  const label = typeof options.history === 'string' ? options.history : 'the history';
  const session = recordedRuns(history.records);
  if (session.runs.length === 0)
    throw new UsageError(
      'GOLDPATH_MSW_NO_RUNS',
      `${label} holds no run to replay: record one with goldpath run (a scenario that sends at least one request)`,
    );
  const choices =
    typeof options.runs === 'function'
      ? session.runs.filter(options.runs).map((r) => r.index)
      : (options.runs ?? session.runs.map((r) => r.index));
  if (choices.length === 0) {
    const endings = session.runs.map((r) => r.ending).join(', ');
    throw new UsageError(
      'GOLDPATH_MSW_OPTIONS',
      `runs: expected at least one recorded run, received none (${label} has ${session.runs.length} runs, ending: ${endings})`,
    );
  }
  const plans = choices.map((choice) => {
    const { run: index, variant } = typeof choice === 'number' ? { run: choice, variant: undefined } : choice;
    const run = session.runs[index];
    if (run === undefined)
      throw new UsageError(
        'GOLDPATH_MSW_OPTIONS',
        `runs: ${label} has runs 0..${session.runs.length - 1}, received ${index}`,
      );
    return planReplay(run, variant);
  });
  const errors: GoldenPathMockError[] = [];
  // thrown on its own, so it escapes whatever msw or a timer called the mock from
  const report =
    options.onContractError ??
    ((error: GoldenPathMockError) =>
      queueMicrotask(() => {
        throw error;
      }));
  const replays = new Set<Promise<void>>();
  let nextPlan = 0;
  let connections = 0;

  const link = ws.link(options.url);
  const handler = link.addEventListener('connection', ({ client, info }) => {
    const user = options.user ?? credentialUser(client.url, info.protocols) ?? 'test-user';
    const conn = `mock-${++connections}`;
    const controller = new AbortController();
    client.addEventListener('close', () => controller.abort());

    /** Sends a frame that holds to the contract; false (and the socket closed) when it does not. */
    const send = (json: Record<string, unknown>, what: string, seq?: number): boolean => {
      if (controller.signal.aborted) return false;
      const text = JSON.stringify(json);
      const finding = validateFrame(
        history.header,
        { text, user, conn, ...(seq !== undefined && { seq }) },
        options.unknownEvents === undefined ? {} : { unknownEvents: options.unknownEvents },
      )[0];
      if (finding === undefined) {
        client.send(text);
        return true;
      }
      const error = GoldenPathMockError.refusedFrame(finding, what);
      errors.push(error);
      controller.abort();
      client.close(1011, finding.code);
      report(error);
      return false;
    };

    const welcome = session.welcome;
    const short = (id: string): string => `${id.slice(0, 8)}...`;
    send(
      welcome === undefined
        ? {
            type: 'connection_established',
            data: {
              mode: 'main',
              user_id: short(user),
              connection_id: `main_${hex8()}`,
              golden_path_events: [...GOLDEN_PATH_EVENTS],
              timestamp: new Date().toISOString(),
            },
            timestamp: Date.now() / 1000,
          }
        : rekeyFrame(welcome.json, {
            replace: [
              [welcome.user, user],
              [short(welcome.user), short(user)],
            ],
            shiftMs: Date.now() - (atOf(welcome.json) ?? Date.now()),
          }),
      'the welcome',
    );

    const replay = async (plan: ReplayPlan, request: { text?: string; threadId?: string }): Promise<void> => {
      const { run } = plan;
      const recordedText = run.request?.text;
      const replace: [string, string][] = [
        [run.user, user],
        [short(run.user), short(user)],
      ];
      if (run.runId !== undefined) replace.push([run.runId, newRunId()]);
      if (run.threadId !== undefined) replace.push([run.threadId, request.threadId ?? newThreadId()]);
      if (recordedText !== undefined && request.text !== undefined) {
        replace.push([recordedText, request.text]);
        const recordedCanaries = findCanaries(recordedText);
        const canaries = findCanaries(request.text);
        recordedCanaries.forEach((canary, i) => {
          const to = canaries[i];
          if (to !== undefined) replace.push([canary, to]);
        });
      }
      const shiftMs = plan.recordedAt === undefined ? 0 : Date.now() - plan.recordedAt;
      for (const [i, frame] of plan.frames.entries()) {
        await sleep(frame.delayMs * scale, controller.signal);
        if (
          !send(
            rekeyFrame(frame.json, { replace, shiftMs }),
            `frame ${i + 1} of ${plan.frames.length} of recorded run ${run.index} (${frame.json.type})`,
            frame.seq,
          )
        )
          return;
      }
    };

    client.addEventListener('message', (event) => {
      if (typeof event.data !== 'string') return;
      let json: Record<string, unknown>;
      try {
        json = JSON.parse(event.data) as Record<string, unknown>;
      } catch {
        send(
          {
            type: 'error_message',
            error_code: 'JSON_PARSE_ERROR',
            error_message: 'Invalid JSON format',
            details: {},
            timestamp: Date.now() / 1000,
          },
          'the JSON_PARSE_ERROR answer',
        );
        return;
      }
      if (json === null || typeof json !== 'object') return;
      if (json.type === 'ping') {
        send(
          {
            type: 'pong',
            data: { timestamp: json.timestamp ?? Date.now(), user_id: user },
            timestamp: Date.now() / 1000,
          },
          'the pong',
        );
        return;
      }
      const request = readRequest(json);
      if (request === undefined) return;
      const valid = ClientMessage.safeParse(json);
      if (!valid.success) {
        const error = GoldenPathMockError.invalidRequest(
          request.type,
          valid.error.issues.map((i) => `${i.path.join('.') || 'frame'}: ${i.message}`).join('; '),
          event.data,
        );
        errors.push(error);
        report(error);
        return;
      }
      const plan = plans[nextPlan++ % plans.length]!;
      const replaying = replay(plan, request).finally(() => replays.delete(replaying));
      replays.add(replaying);
    });
  });
  return {
    handlers: [handler],
    recorded: session.runs,
    errors,
    settled: async () => {
      await Promise.allSettled([...replays]);
    },
  };
}
