import { normalizeNetraFrame } from '../../contracts/index.ts';
import { UsageError } from '../common/GoldpathError.ts';

/**
 * An unhappy path played on top of a recorded run (the history's own unhappy runs are replayed as they are):
 * - `error`: the run stops after its first frame of type `after` (default agent_started) with an agent_error;
 * - `reject`: the request is answered by an error_message envelope and no run;
 * - `missing-completed`: the root agent's agent_completed never arrives (the run stays open);
 * - `slow-step`: the first frame of type `step` arrives `delayMs` later than recorded.
 */
export type RunVariant =
  | { kind: 'error'; after?: string; code?: string; message?: string }
  | { kind: 'reject'; code?: string; message?: string }
  | { kind: 'missing-completed' }
  | { kind: 'slow-step'; step: string; delayMs: number };

/** One frame of a replay: what to send and how long to wait before sending it. */
export interface PlannedFrame {
  json: Record<string, unknown>;
  delayMs: number;
  /** The history record it replays (none for a frame a variant made). */
  seq?: number;
}

/** An agent_error with the ids of the run's first frame and the time of the frame it follows (re-keyed with them). */
function agentError(
  first: Record<string, unknown> | undefined,
  before: Record<string, unknown> | undefined,
  code: string,
  message: string,
): Record<string, unknown> {
  const event = first === undefined ? undefined : normalizeNetraFrame(first);
  return {
    type: 'agent_error',
    ...(event?.runId !== undefined && { run_id: event.runId }),
    ...(event?.userId !== undefined && { user_id: event.userId }),
    ...(event?.threadId !== undefined && { thread_id: event.threadId }),
    ...(event?.agentName !== undefined && { agent_name: event.agentName }),
    error_code: code,
    error_message: message,
    timestamp: timeOf(before),
  };
}

/** The frame's own timestamp (so the replay shifts it like the others), else now. */
function timeOf(frame: Record<string, unknown> | undefined): string {
  const at = frame === undefined ? undefined : normalizeNetraFrame(frame).at;
  return new Date(at ?? Date.now()).toISOString();
}

/**
 * The frames of a replay after a variant: `frames` are the run's re-keyed frames in order.
 * @throws UsageError when the variant cannot apply to the run (no such step, nothing to drop).
 */
export function applyVariant(
  frames: readonly PlannedFrame[],
  variant: RunVariant | undefined,
  runLabel: string,
): PlannedFrame[] {
  if (variant === undefined) return [...frames];
  switch (variant.kind) {
    case 'reject':
      return [
        {
          delayMs: frames[0]?.delayMs ?? 0,
          json: {
            type: 'error_message',
            error_code: variant.code ?? 'INTERNAL_ERROR',
            error_message: variant.message ?? 'The agent could not be started.',
            details: {},
            timestamp: timeOf(frames[0]?.json),
          },
        },
      ];
    case 'error': {
      const after = variant.after ?? 'agent_started';
      const at = frames.findIndex((f) => f.json.type === after);
      if (at === -1)
        throw new UsageError(
          'GOLDPATH_MSW_VARIANT',
          `variant error after ${after}: ${runLabel} has no ${after} frame; pick one of its types (${[...new Set(frames.map((f) => String(f.json.type)))].join(', ')})`,
        );
      const kept = frames.slice(0, at + 1);
      const error = agentError(
        frames[0]?.json,
        frames[at]?.json,
        variant.code ?? 'AGENT_EXECUTION_FAILED',
        variant.message ?? 'The agent failed while running (goldpath mock variant).',
      );
      return [...kept, { json: error, delayMs: frames[at + 1]?.delayMs ?? 0 }];
    }
    case 'missing-completed': {
      let last = -1;
      frames.forEach((f, i) => {
        if (f.json.type === 'agent_completed') last = i;
      });
      if (last === -1)
        throw new UsageError(
          'GOLDPATH_MSW_VARIANT',
          `variant missing-completed: ${runLabel} has no agent_completed to leave out`,
        );
      return frames.filter((_, i) => i !== last);
    }
    case 'slow-step': {
      const at = frames.findIndex((f) => f.json.type === variant.step);
      if (at === -1)
        throw new UsageError(
          'GOLDPATH_MSW_VARIANT',
          `variant slow-step ${variant.step}: ${runLabel} has no ${variant.step} frame`,
        );
      return frames.map((f, i) => (i === at ? { ...f, delayMs: f.delayMs + variant.delayMs } : f));
    }
  }
}
