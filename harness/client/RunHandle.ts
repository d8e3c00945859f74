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
  private settle!: (result: RunResult) => void;
  private readonly settled: Promise<RunResult>;

  constructor(
    readonly user: string,
    readonly kind: 'start_agent' | 'user_message',
    readonly text: string,
    readonly canary: string,
    private readonly defaultTimeoutMs: number,
  ) {
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
   * Resolves on agent_completed (completed), agent_error (failed) or an error_message in reply (rejected);
   * rejects with a DeadlineError naming user, run and milliseconds.
   */
  completed(options: { timeoutMs?: number } = {}): Promise<RunResult> {
    const timeoutMs = options.timeoutMs ?? this.defaultTimeoutMs;
    if (this.done) return this.settled;
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const timer = setTimeout(() => {
        const run = this.runId ? `run ${this.runId}` : `run (none bound yet; request ${this.canary})`;
        const seen = this.events.length > 0 ? `; received ${this.types.join(' → ')}` : '; received nothing';
        reject(new DeadlineError(`no agent_completed for ${run} of user ${this.user}${seen}`, timeoutMs, performance.now() - started));
      }, timeoutMs);
      void this.settled.then((result) => {
        clearTimeout(timer);
        resolve(result);
      });
    });
  }

  /** @internal The run the client correlated to this request. */
  bind(runId: string): void {
    this.runId = runId;
    if (this.status === 'pending') this.status = 'running';
  }

  /** @internal */
  push(received: ReceivedFrame): void {
    this.events.push(received);
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
