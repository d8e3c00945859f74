import {
  DEFAULT_GOLDEN_PATH_RULES,
  findOpenSpan,
  readString,
  repeatsOpenSpan,
  type GoldenPathRules,
  type NamedSpan,
} from '../../contracts/index.ts';

/**
 * Follows the agent spans of one run to the end of its root, by the rules' span model (the one the checks and the
 * simulated user's RunHandle follow): `start` opens a span named by the agent, a terminal of that name closes it and
 * every span inside it, a frame naming no agent belongs to the innermost open span. A supervisor's sub-agents share
 * its run_id, so the run ends with the supervisor's own terminal, not the first agent_completed.
 * @example const root = new RootSpan(); for (const frame of frames) if (root.follow(frame)) break; // root.ended
 */
export class RootSpan {
  private readonly open: NamedSpan[] = [];
  private started = false;
  /** The terminal type that ended the root, once it ended. */
  ended: string | undefined;

  constructor(private readonly rules: GoldenPathRules = DEFAULT_GOLDEN_PATH_RULES) {}

  /** Takes the run's next frame; true when it ended the root span. */
  follow(frame: Record<string, unknown>): boolean {
    if (this.ended !== undefined) return false;
    const type = frame.type;
    if (typeof type !== 'string') return false;
    const name = readString(frame, this.rules.spans.nameField);
    if (type === this.rules.start) {
      if (repeatsOpenSpan(this.open, name) === -1) this.open.push({ name });
      this.started = true;
      return false;
    }
    if (!this.rules.terminal.includes(type)) return false;
    // a terminal with no span open: a backend that sent no start (its run ends here all the same)
    const at = this.open.length === 0 ? (this.started ? -1 : 0) : findOpenSpan(this.open, name);
    if (at === -1) return false;
    this.open.length = at;
    if (at > 0) return false;
    this.ended = type;
    return true;
  }
}
