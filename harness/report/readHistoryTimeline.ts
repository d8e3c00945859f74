import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { normalizeNetraFrame } from '../../contracts/normalizeNetraFrame.ts';

/** One event on a run's lane; `t` is ms since the history started; `foreign` when it names another user. */
export interface TimelineEvent {
  t: number;
  type: string;
  tool?: string;
  foreign?: string;
}

/** The events one user received for one run. */
export interface TimelineLane {
  user: string;
  runId: string;
  events: TimelineEvent[];
}

export interface Timeline {
  path: string;
  lanes: TimelineLane[];
  users: string[];
  /** Why the picture is partial (limits reached), said on the page. */
  truncated: string[];
  error?: string;
}

export interface TimelineLimits {
  maxLanes: number;
  maxUsers: number;
  maxEventsPerLane: number;
  maxLines: number;
}

export const DEFAULT_TIMELINE_LIMITS: TimelineLimits = {
  maxLanes: 24,
  maxUsers: 8,
  maxEventsPerLane: 40,
  maxLines: 20_000,
};

interface RawRecord {
  kind?: string;
  dir?: string;
  text?: string;
  user?: string;
  mono?: number;
  parse?: string;
}

/**
 * Reads the first runs of a JSONL history into lanes (user × run) for the HTML swimlanes, within bounds:
 * the first `maxUsers` users, `maxLanes` runs, `maxEventsPerLane` events per run, `maxLines` records; with `only`,
 * just the runs of those run ids (the failing run of a scenario).
 */
export async function readHistoryTimeline(
  file: string,
  path: string,
  limits: TimelineLimits = DEFAULT_TIMELINE_LIMITS,
  only?: ReadonlySet<string>,
): Promise<Timeline> {
  const lanes = new Map<string, TimelineLane>();
  const users: string[] = [];
  const truncated = new Set<string>();
  let lines = 0;
  try {
    const input = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
    for await (const line of input) {
      if (++lines > limits.maxLines) {
        truncated.add(`only the first ${limits.maxLines} records were read`);
        input.close();
        break;
      }
      if (line.trim() === '') continue;
      let record: RawRecord;
      try {
        record = JSON.parse(line) as RawRecord;
      } catch {
        continue;
      }
      if (
        record.kind !== 'frame' ||
        record.dir !== 'in' ||
        record.parse !== 'json' ||
        !record.user ||
        record.text === undefined
      )
        continue;
      let event;
      try {
        event = normalizeNetraFrame(JSON.parse(record.text));
      } catch {
        continue;
      }
      if (!event.runId || (only !== undefined && !only.has(event.runId))) continue;
      if (!users.includes(record.user)) {
        if (users.length >= limits.maxUsers) {
          truncated.add(`only the first ${limits.maxUsers} users are drawn`);
          continue;
        }
        users.push(record.user);
      }
      const key = `${record.user}\u0000${event.runId}`;
      let lane = lanes.get(key);
      if (!lane) {
        if (lanes.size >= limits.maxLanes) {
          truncated.add(`only the first ${limits.maxLanes} runs are drawn`);
          continue;
        }
        lane = { user: record.user, runId: event.runId, events: [] };
        lanes.set(key, lane);
      }
      if (lane.events.length >= limits.maxEventsPerLane) {
        truncated.add(`only the first ${limits.maxEventsPerLane} events of a run are drawn`);
        continue;
      }
      const item: TimelineEvent = { t: (record.mono ?? 0) / 1e6, type: event.type };
      if (event.toolName) item.tool = event.toolName;
      if (event.userId && event.userId !== record.user && !record.user.startsWith(event.userId.replace(/\.\.\.$/, '')))
        item.foreign = event.userId;
      lane.events.push(item);
    }
  } catch (error) {
    return {
      path,
      lanes: [],
      users: [],
      truncated: [],
      error: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  }
  return { path, lanes: [...lanes.values()], users, truncated: [...truncated] };
}
