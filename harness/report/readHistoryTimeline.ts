import { createReadStream } from 'node:fs';
import {
  foreignUserId,
  HistoryLineError,
  HistoryParser,
  normalizeNetraFrame,
  type CanonicalEvent,
} from '../../contracts/index.ts';

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
  let records = 0;
  // the history's own warnings (a torn last line) are for `goldpath check`; the picture shows what could be read
  const parser = new HistoryParser({ source: path, onWarning: () => {} });
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  try {
    reading: for await (const batch of parser.read(stream as AsyncIterable<string>)) {
      for (const record of batch) {
        if (++records >= limits.maxLines) {
          truncated.add(`only the first ${limits.maxLines} records were read`);
          break reading;
        }
        if (record.kind !== 'frame' || record.dir !== 'in' || record.value === undefined || !record.user) continue;
        let event: CanonicalEvent;
        try {
          event = normalizeNetraFrame(record.value);
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
        const item: TimelineEvent = { t: record.mono / 1e6, type: event.type };
        if (event.toolName) item.tool = event.toolName;
        const foreign = foreignUserId(event, record.user);
        if (foreign !== undefined) item.foreign = foreign;
        lane.events.push(item);
      }
    }
  } catch (error) {
    // a bad line stops the reading: the lanes before it are drawn, with why the rest is not
    return {
      path,
      lanes: [...lanes.values()],
      users,
      truncated: [...truncated],
      error:
        error instanceof HistoryLineError
          ? error.message
          : `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    };
  } finally {
    stream.destroy();
  }
  return { path, lanes: [...lanes.values()], users, truncated: [...truncated] };
}
