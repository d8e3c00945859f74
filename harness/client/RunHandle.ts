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

const TERMINAL_OK = new Set(['agent_completed']);
const TERMINAL_FAILED = new Set(['agent_error', 'agent_failed']);

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
  private readonly failed = new Set<(error: Error) => void>();
  /** Watches to re-arm when the first event moves a run from the start SLA to the gap SLA. */
  private readonly rearm = new Set<() => void>();
  private settle!: (result: RunResult) => void;
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
   * Resolves on agent_completed (completed), agent_error (failed) or an error_message in reply (rejected).
   * Rejects with a DeadlineError naming user, run and milliseconds as soon as one deadline passes: no first event
   * within the start SLA, no next event within the gap SLA, no terminal event within the run deadline; rejects with a
   * RunInterruptedError at once when the socket carrying the run dies. `false` switches an SLA off for this wait.
   */
  completed(options: { timeoutMs?: number; startSlaMs?: number | false; maxGapMs?: number | false } = {}): Promise<RunResult> {
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
        this.failed.delete(onFailure);
        this.rearm.delete(again);
      };
      const again = (): void => {
        clearTimeout(timer);
        watch();
      };
      const onFailure = (error: Error): void => {
        stop();
        reject(error);
      };
      const watch = (): void => {
        if (this.done) return;
        const now = performance.now();
        const late = this.overdue(now, called, runDeadlineMs, startSlaMs, maxGapMs);
        if (late !== undefined) return onFailure(late);
        const idle = now - this.lastActivity;
        const sla = this.paused() ? undefined : this.events.length === 0 ? startSlaMs : maxGapMs;
        const untilSla = sla === undefined ? Number.POSITIVE_INFINITY : sla - idle;
        timer = setTimeout(watch, Math.max(1, Math.min(runDeadlineMs - (now - called), untilSla, this.paused() ? 1000 : Number.POSITIVE_INFINITY) + 1));
      };
      this.failed.add(onFailure);
      this.rearm.add(again);
      void this.settled.then((result) => {
        stop();
        resolve(result);
      });
      watch();
    });
  }

  /** @internal The user shows life without an event of this run (it reads its socket again, it reconnected). */
  touch(): void {
    this.lastActivity = performance.now();
  }

  /** @internal The socket that carried this run is gone: every wait on it fails now. */
  fail(error: Error): void {
    if (this.done || this.failure !== undefined) return;
    this.failure = error;
    for (const reject of [...this.failed]) reject(error);
  }

  private overdue(now: number, called: number, runDeadlineMs: number, startSlaMs: number | undefined, maxGapMs: number | undefined): Error | undefined {
    const run = this.runId ? `run ${this.runId}` : `request ${this.canary}`;
    const seen = this.events.length > 0 ? `received ${this.types.join(' → ')}` : 'received nothing';
    const bound = this.runId ? run : `run (none bound yet; request ${this.canary})`;
    if (now - called >= runDeadlineMs) return new DeadlineError(`no agent_completed for ${bound} of user ${this.user}; ${seen}`, runDeadlineMs, now - called);
    if (this.paused()) return undefined;
    const idle = now - this.lastActivity;
    if (this.events.length === 0 && startSlaMs !== undefined && idle >= startSlaMs) {
      return new DeadlineError(`no agent_started for the ${this.kind} of user ${this.user} (${run}) within the start SLA of ${startSlaMs} ms; ${seen}`, startSlaMs, idle);
    }
    if (this.events.length > 0 && maxGapMs !== undefined && idle >= maxGapMs) {
      return new DeadlineError(`no event for ${run} of user ${this.user} since ${this.types.at(-1)} within the gap SLA of ${maxGapMs} ms; ${seen}`, maxGapMs, idle);
    }
    return undefined;
  }

  /** @internal The run the client correlated to this request. */
  bind(runId: string): void {
    this.runId = runId;
    if (this.status === 'pending') this.status = 'running';
  }

  /** @internal */
  push(received: ReceivedFrame): void {
    this.events.push(received);
    this.lastActivity = received.at;
    if (this.events.length === 1) for (const watch of [...this.rearm]) watch();
    const thread = received.frame.thread_id ?? (received.frame.data as Record<string, unknown> | undefined)?.thread_id;
    if (this.threadId === undefined && typeof thread === 'string') this.threadId = thread;
    if (this.done) return;
    if (TERMINAL_OK.has(received.type)) this.finish('completed');
    else if (TERMINAL_FAILED.has(received.type)) this.finish('failed');
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
    this.settle(result);
  }
}
