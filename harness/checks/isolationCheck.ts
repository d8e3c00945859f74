import {
  buildFinding,
  foreignUserId,
  type FindingCode,
  type HistoryHeader,
  type HistoryRecord,
} from '../../contracts/index.ts';
import { BoundedMap } from './BoundedMap.ts';
import type { Check, CheckFactory, FrameObservation } from './Check.ts';
import type { CheckOptions } from './CheckOptions.ts';
import { frameSubject } from './describeFrame.ts';
import { scanHistory } from './scanHistory.ts';

interface Owner {
  user: string;
  conn: string;
  seq: number;
}

/**
 * Nothing of one user reaches another: user_id of every event (isolation.foreign_user_id), run and thread ids seen on
 * two users' sockets (isolation.foreign_run_id / foreign_thread_id), one user's request canary on another user's socket
 * (isolation.foreign_canary), and within one user a run quoting the canary of a different request (isolation.stale_canary).
 * Each leak is reported once, at the first frame that shows it.
 */
export const isolationCheck: CheckFactory = (ctx) => {
  const runOwners = new BoundedMap<string, Owner>(ctx.window);
  const threadOwners = new BoundedMap<string, Owner>(ctx.window);
  const reported = new BoundedMap<string, true>(ctx.window);
  /** The latest request of each user: an ended run that speaks again after it is a reused context. */
  const lastRequest = new BoundedMap<string, number>(ctx.window);

  const once = (key: string): boolean => {
    if (reported.has(key)) return false;
    reported.set(key, true);
    return true;
  };

  const idOwner = (
    obs: FrameObservation,
    owners: BoundedMap<string, Owner>,
    id: string,
    field: 'run_id' | 'thread_id',
    code: FindingCode,
  ): void => {
    const { rec } = obs;
    const owner = owners.get(id);
    if (owner === undefined) {
      owners.set(id, { user: rec.user, conn: rec.conn, seq: rec.seq });
      return;
    }
    if (owner.user === rec.user || !once(`${code}\u0000${id}\u0000${rec.user}`)) return;
    ctx.report(
      buildFinding({
        code,
        what: `foreign ${field} ${id}`,
        subject: frameSubject(obs.rec, obs.event?.runId),
        detail: `first at frame ${owner.seq} on socket ${owner.conn} of user ${owner.user}`,
        expected: `only on ${owner.user}'s sockets`,
        received: `on ${rec.user}'s socket ${rec.conn}`,
        related: { user: owner.user, frameIndex: owner.seq, ...(field === 'run_id' && { runId: id }) },
      }),
    );
  };

  const check: Check = {
    onRequest(obs) {
      lastRequest.set(obs.request.user, obs.request.seq);
    },
    onServerFrame(obs) {
      const { rec, event } = obs;
      const ended = obs.ended;
      if (obs.late === true && ended !== undefined && event !== undefined && !obs.copy) {
        // an engine kept from an ended run answers the user's newer request with the old run's context
        const newer = lastRequest.get(rec.user);
        if (newer !== undefined && newer > ended.terminalSeq && once(`reuse\u0000${rec.user}\u0000${ended.runId}`)) {
          ctx.report(
            buildFinding({
              code: 'isolation.stale_canary',
              what: `stale context: ${event.type} after the request at frame ${newer}`,
              subject: { runId: ended.runId, user: rec.user, frameIndex: rec.seq },
              detail: `the run ended at frame ${ended.terminalSeq} with ${ended.terminalType}`,
              expected: `a new run for the request at frame ${newer}`,
              received: `events of the ended run ${ended.runId}`,
              related: { user: rec.user, runId: ended.runId, frameIndex: ended.terminalSeq },
            }),
          );
        }
      }
      if (event !== undefined) {
        const userId = foreignUserId(event, rec.user);
        if (userId !== undefined) {
          if (once(`user\u0000${rec.user}\u0000${userId}\u0000${event.runId ?? rec.conn}`)) {
            ctx.report(
              buildFinding({
                code: 'isolation.foreign_user_id',
                what: `foreign user_id in ${event.type}`,
                subject: frameSubject(obs.rec, obs.event?.runId),
                expected: `user_id ${rec.user}`,
                received: userId,
                related: { user: userId },
              }),
            );
          }
        }
        // the ids of a run are looked up at its first event on this user's sockets (and when its thread changes): the
        // answer cannot change for the rest of the run
        const own = obs.run;
        const fresh = own === undefined || (own.events <= 1 && !obs.copy);
        if (event.runId !== undefined && fresh)
          idOwner(obs, runOwners, event.runId, 'run_id', 'isolation.foreign_run_id');
        if (event.threadId !== undefined && (fresh || own.threadSeq === rec.seq || event.threadId !== own.threadId))
          idOwner(obs, threadOwners, event.threadId, 'thread_id', 'isolation.foreign_thread_id');
      }
      const run = obs.run;
      const runId = event?.runId;
      for (const canary of obs.canaries) {
        const owner = ctx.canaryOwner(canary);
        if (owner === undefined) continue;
        if (owner.user !== rec.user) {
          if (!once(`canary\u0000${canary}\u0000${rec.user}`)) continue;
          const ownerRun = owner.runId !== undefined ? `, run ${owner.runId}` : '';
          ctx.report(
            buildFinding({
              code: 'isolation.foreign_canary',
              what: `foreign canary ${canary}`,
              subject: frameSubject(obs.rec, runId),
              detail: `of the ${owner.type} at frame ${owner.seq} of user ${owner.user}${ownerRun}`,
              expected: `only on ${owner.user}'s sockets`,
              received: `on ${rec.user}'s socket ${rec.conn}`,
              related: {
                user: owner.user,
                frameIndex: owner.seq,
                ...(owner.runId !== undefined && { runId: owner.runId }),
              },
            }),
          );
          continue;
        }
        if (run === undefined || run.foreign) continue;
        const own = run.request;
        const stale = own !== undefined ? owner !== own : owner.runId !== undefined && owner.runId !== run.runId;
        if (!stale || !once(`stale\u0000${run.key}\u0000${canary}`)) continue;
        const ownerRun = owner.runId !== undefined ? `run ${owner.runId}` : 'no run';
        const ownText = own !== undefined ? `its own request at frame ${own.seq}` : 'its own request';
        ctx.report(
          buildFinding({
            code: 'isolation.stale_canary',
            what: `stale canary ${canary} of the ${owner.type} at frame ${owner.seq} (${ownerRun})`,
            subject: { runId: run.runId, user: rec.user, frameIndex: rec.seq },
            expected: `only canaries of ${ownText}`,
            received: 'one of another request',
            related: {
              user: owner.user,
              frameIndex: owner.seq,
              ...(owner.runId !== undefined && { runId: owner.runId }),
            },
          }),
        );
      }
    },
  };
  return check;
};

/** The isolation check alone over a history. */
export async function checkIsolation(
  header: HistoryHeader,
  records: Iterable<HistoryRecord> | AsyncIterable<HistoryRecord>,
  options: CheckOptions = {},
) {
  return (await scanHistory(header, records, options, [isolationCheck])).findings;
}
