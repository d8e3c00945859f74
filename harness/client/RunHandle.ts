import {
  DEFAULT_GOLDEN_PATH_RULES,
  findOpenSpan,
  readString,
  repeatsOpenSpan,
  type NamedSpan,
} from '../../contracts/index.ts';
import { DeadlineError } from '../common/waitFor.ts';

/** One server frame as a simulated user received it. */
export interface ReceivedFrame {
  type: string;
  /** performance.now() when it arrived. */
  at: number;
  frame: Record<string, unknown>;
}

export type RunStatus = 'pending' | 'running' | 'completed' | 'failed' | 'rejected';

/** How a request ended: completed (agent_completed), failed (agent_error), rejected (error_message instead of a run). */
export interface RunResult {
  status: Exclude<RunStatus, 'pending' | 'running'>;
  runId?: string;
  threadId?: string;
  events: ReceivedFrame[];
  /** Event types in arrival order. */
  types: string[];
  rejection?: RunRejection;
}

export interface RunRejection {
  code: string;
  message: string;
}

/** The deadlines a run is held to while a caller awaits it (see RunHandle.completed). */
export interface RunDeadlines {
  /** Request → terminal event. */
  runDeadlineMs: number;
  /** Request → first event of the run (agent_started); absent: not enforced. */
  startSlaMs?: number;
  /** Between two events of a started run; absent: not enforced. */
  maxGapMs?: number;
}

/** Thrown into a waiting run when its socket died under it: it cannot complete on that socket. */
export class RunInterruptedError extends Error {
  readonly code = 'GOLDPATH_SOCKET_CLOSED';
  constructor(message: string) {
    super(message);
    this.name = 'RunInterruptedError';
  }
}

const RULES = DEFAULT_GOLDEN_PATH_RULES;

/** One wait of `completed()`: how it fails, how its timer re-arms. */
interface Watch {
  fail: (error: Error) => void;
  rearm: () => void;
}
/** The rules' terminal events: the first is success (agent_completed), the others failure (agent_error). */
const TERMINAL: ReadonlySet<string> = new Set(RULES.terminal);

/**
 * A request a simulated user sent and the run that answers it. `runId` is known from the first event bound to it.
 * @example const run = alice.startAgent('Compare plans [tools:2]'); const result = await run.completed(); result.types
 */
export class RunHandle {
  runId: string | undefined;
  threadId: string | undefined;
  status: RunStatus = 'pending';
  rejection: RunRejection | undefined;
  readonly events: ReceivedFrame[] = [];
  readonly sentAt = performance.now();
  /** performance.now() of the last sign of life: the request, an event of the run, the user reading again. */
  private lastActivity = this.sentAt;
  private failure: Error | undefined;
  /**
   * The waits of `completed()` under way: each fails with the run's socket, and re-arms its timer when the first event
   * moves the run from the start SLA to the gap SLA. Made by the first wait and dropped with the last: a run kept after
   * it ended keeps none.
   */
  private watches: Watch[] | undefined;
  /** Open agent spans of the run, outermost first (rules.spans): the run ends when the first one closes. */
  private readonly spans: NamedSpan[] = [];
  private rooted = false;
  /** Resolves `settled`; dropped once it did. */
  private settle: ((result: RunResult) => void) | undefined;
  private readonly settled: Promise<RunResult>;
  private readonly deadlines: RunDeadlines;

  constructor(
    readonly user: string,
    readonly kind: 'start_agent' | 'user_message',
    readonly text: string,
    readonly canary: string,
    deadlines: RunDeadlines | number,
    /** True while the user does not read its socket (a slow consumer): the SLAs do not run then. */
    private readonly paused: () => boolean = () => false,
  ) {
    this.deadlines = typeof deadlines === 'number' ? { runDeadlineMs: deadlines } : deadlines;
    this.settled = new Promise((resolve) => (this.settle = resolve));
  }

  /** Event types received so far, in order. */
  get types(): string[] {
    return this.events.map((e) => e.type);
  }

  get done(): boolean {
    return this.status === 'completed' || this.status === 'failed' || this.status === 'rejected';
  }

  /**
   * Resolves when the run's root span ends: agent_completed (completed) or agent_error (failed) of the agent that
   * opened the run (sub-agents' own ends come first in a pipeline), or an error_message in reply (rejected);
   * rejects with a DeadlineError naming user, run and milliseconds as soon as one deadline passes: no first event
   * within the start SLA, no next event within the gap SLA, no terminal event within the run deadline; rejects with a
   * RunInterruptedError at once when the socket carrying the run dies. `false` switches an SLA off for this wait.
   */
  completed(
    options: { timeoutMs?: number; startSlaMs?: number | false; maxGapMs?: number | false } = {},
  ): Promise<RunResult> {
    if (this.done) return this.settled;
    if (this.failure !== undefined) return Promise.reject(this.failure);
    const runDeadlineMs = options.timeoutMs ?? this.deadlines.runDeadlineMs;
    const startSlaMs = options.startSlaMs === false ? undefined : (options.startSlaMs ?? this.deadlines.startSlaMs);
    const maxGapMs = options.maxGapMs === false ? undefined : (options.maxGapMs ?? this.deadlines.maxGapMs);
    return new Promise((resolve, reject) => {
      const called = performance.now();
      let timer: NodeJS.Timeout | undefined;
      const stop = (): void => {
        clearTimeout(timer);
        this.unwatch(watch);
      };
      const again = (): void => {
        clearTimeout(timer);
        check();
      };
      const onFailure = (error: Error): void => {
        stop();
        reject(error);
      };
      const check = (): void => {
        if (this.done) return;
        const now = performance.now();
        const late = this.overdue(now, called, runDeadlineMs, startSlaMs, maxGapMs);
        if (late !== undefined) return onFailure(late);
        const idle = now - this.lastActivity;
        const sla = this.paused() ? undefined : this.events.length === 0 ? startSlaMs : maxGapMs;
        const untilSla = sla === undefined ? Number.POSITIVE_INFINITY : sla - idle;
        const wait = Math.min(
          runDeadlineMs - (now - called),
          untilSla,
          this.paused() ? 1000 : Number.POSITIVE_INFINITY,
        );
        // whole milliseconds: timers of one duration share one list, where a fraction would make a list per timer
        timer = setTimeout(check, Math.max(1, Math.ceil(wait) + 1));
      };
      const watch: Watch = { fail: onFailure, rearm: again };
      (this.watches ??= []).push(watch);
      void this.settled.then((result) => {
        stop();
        resolve(result);
      });
      check();
    });
  }

  private unwatch(watch: Watch): void {
    const watches = this.watches;
    if (watches === undefined) return;
    const at = watches.indexOf(watch);
    if (at !== -1) watches.splice(at, 1);
    if (watches.length === 0) this.watches = undefined;
  }

  /** @internal The user shows life without an event of this run (it reads its socket again, it reconnected). */
  touch(): void {
    this.lastActivity = performance.now();
  }

  /** @internal The socket that carried this run is gone: every wait on it fails now. */
  fail(error: Error): void {
    if (this.done || this.failure !== undefined) return;
    this.failure = error;
    for (const watch of [...(this.watches ?? [])]) watch.fail(error);
  }

  private overdue(
    now: number,
    called: number,
    runDeadlineMs: number,
    startSlaMs: number | undefined,
    maxGapMs: number | undefined,
  ): Error | undefined {
    // the messages are written only for a deadline that passed: this runs at every re-arm of a watch
    if (now - called >= runDeadlineMs) {
      const bound = this.runId ? this.named() : `run (none bound yet; request ${this.canary})`;
      return new DeadlineError(
        `no agent_completed for ${bound} of user ${this.user}; ${this.seen()}`,
        runDeadlineMs,
        now - called,
      );
    }
    if (this.paused()) return undefined;
    const idle = now - this.lastActivity;
    if (this.events.length === 0 && startSlaMs !== undefined && idle >= startSlaMs) {
      return new DeadlineError(
        `no agent_started for the ${this.kind} of user ${this.user} (${this.named()}) within the start SLA of ${startSlaMs} ms; ${this.seen()}`,
        startSlaMs,
        idle,
      );
    }
    if (this.events.length > 0 && maxGapMs !== undefined && idle >= maxGapMs) {
      return new DeadlineError(
        `no event for ${this.named()} of user ${this.user} since ${this.types.at(-1)} within the gap SLA of ${maxGapMs} ms; ${this.seen()}`,
        maxGapMs,
        idle,
      );
    }
    return undefined;
  }

  /** The run, or the request while no run is bound to it, as a deadline message names it. */
  private named(): string {
    return this.runId ? `run ${this.runId}` : `request ${this.canary}`;
  }

  /** What the run received so far, as a deadline message says it. */
  private seen(): string {
    return this.events.length > 0 ? `received ${this.types.join(' → ')}` : 'received nothing';
  }

  /** @internal The run the client correlated to this request. */
  bind(runId: string): void {
    this.runId = runId;
    if (this.status === 'pending') this.status = 'running';
  }

  /** @internal `frame` is the value `received` parsed to (read here rather than `received.frame`, which would keep it). */
  push(received: ReceivedFrame, frame: Record<string, unknown> = received.frame): void {
    this.events.push(received);
    this.lastActivity = received.at;
    if (this.events.length === 1 && this.watches !== undefined) for (const watch of [...this.watches]) watch.rearm();
    if (this.threadId === undefined) {
      const thread = readString(frame, 'thread_id');
      if (thread !== undefined) this.threadId = thread;
    }
    if (this.done) return;
    const type = received.type;
    if (type !== RULES.start && !TERMINAL.has(type)) return;
    const name = readString(frame, RULES.spans.nameField);
    if (type === RULES.start) {
      if (repeatsOpenSpan(this.spans, name) === -1) this.spans.push({ name });
      this.rooted = true;
      return;
    }
    // a terminal event with no span open: a backend that sent no agent_started (its run ends here all the same)
    const at = this.spans.length === 0 ? (this.rooted ? -1 : 0) : findOpenSpan(this.spans, name);
    if (at === -1) return;
    this.spans.length = at;
    if (at === 0) this.finish(type === RULES.terminal[0] ? 'completed' : 'failed');
  }

  /** @internal The run is bound and not over: an event without ids (the emitter's agent_error) may belong to it. */
  get open(): boolean {
    return this.status === 'running';
  }

  /** @internal An error_message answered the request instead of a run. */
  reject(rejection: RunRejection): void {
    if (this.done) return;
    this.rejection = rejection;
    this.finish('rejected');
  }

  private finish(status: RunResult['status']): void {
    this.status = status;
    const result: RunResult = { status, events: this.events, types: this.types };
    if (this.runId !== undefined) result.runId = this.runId;
    if (this.threadId !== undefined) result.threadId = this.threadId;
    if (this.rejection !== undefined) result.rejection = this.rejection;
    this.settle?.(result);
    this.settle = undefined;
  }
}
