import { DEFAULT_GOLDEN_PATH_RULES, findOpenSpan, readString, repeatsOpenSpan, type NamedSpan } from '../../contracts/index.ts';
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

const RULES = DEFAULT_GOLDEN_PATH_RULES;
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
  /** Open agent spans of the run, outermost first (rules.spans): the run ends when the first one closes. */
  private readonly spans: NamedSpan[] = [];
  private rooted = false;
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
   * Resolves when the run's root span ends: agent_completed (completed) or agent_error (failed) of the agent that
   * opened the run (sub-agents' own ends come first in a pipeline), or an error_message in reply (rejected);
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
    if (this.threadId === undefined) {
      const thread = readString(received.frame, 'thread_id');
      if (thread !== undefined) this.threadId = thread;
    }
    if (this.done) return;
    const type = received.type;
    if (type !== RULES.start && !TERMINAL.has(type)) return;
    const name = readString(received.frame, RULES.spans.nameField);
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
    this.settle(result);
  }
}
