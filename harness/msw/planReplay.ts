import { normalizeNetraFrame } from '../../contracts/index.ts';
import type { RecordedRun } from './recordedRuns.ts';
import { applyVariant, type PlannedFrame, type RunVariant } from './RunVariant.ts';

/** What one recorded run replays: its frames (after the variant) with the recorded gaps before each. */
export interface ReplayPlan {
  run: RecordedRun;
  frames: PlannedFrame[];
  /** Epoch ms of the recorded request (or first frame): the replay shifts timestamps by now minus this. */
  recordedAt: number | undefined;
}

/** Epoch ms of a frame's own timestamp, when it has one. */
export function atOf(frame: Record<string, unknown> | undefined): number | undefined {
  try {
    return frame === undefined ? undefined : normalizeNetraFrame(frame).at;
  } catch {
    return undefined;
  }
}

/**
 * The replay of a recorded run: each frame with the gap the recording shows before it (the first one after its
 * request), a variant applied on top.
 * @throws UsageError when the variant cannot apply to the run.
 */
export function planReplay(run: RecordedRun, variant: RunVariant | undefined): ReplayPlan {
  let previous = run.request?.mono ?? run.frames[0]?.mono ?? 0;
  const frames = run.frames.map((f) => {
    const delayMs = Math.max(0, (f.mono - previous) / 1e6);
    previous = f.mono;
    return { json: f.json, delayMs, seq: f.seq };
  });
  const first = frames[0];
  const firstAt = atOf(first?.json);
  return {
    run,
    frames: applyVariant(frames, variant, `recorded run ${run.index} (${run.runId ?? 'refusal'} of user ${run.user})`),
    recordedAt: firstAt === undefined ? undefined : firstAt - (first?.delayMs ?? 0),
  };
}
