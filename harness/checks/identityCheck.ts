import { AUTH_PROBE_MARK, AuthProbeMark, buildFinding, isWelcome, namesUser } from '../../contracts/index.ts';
import type { CheckFactory } from './Check.ts';

interface Welcome {
  as: string;
  seq: number;
}

/**
 * Every simulated user welcomed as one and the same identity that is none of theirs (DEMO_MODE: every connection is
 * `demo-user-001`) is one `isolation.shared_identity` finding: isolation cannot be checked against such a backend.
 * Needs two users or more (one user welcomed as someone else proves nothing shared). Auth probes are left out.
 */
export const identityCheck: CheckFactory = (ctx) => {
  const probes = new Set<string>();
  const welcomes = new Map<string, Welcome>();
  return {
    onMark(rec) {
      if (rec.name !== AUTH_PROBE_MARK) return;
      const parsed = AuthProbeMark.safeParse(rec.data);
      if (parsed.success) probes.add(parsed.data.conn);
    },
    onServerFrame(obs) {
      const { rec, event } = obs;
      if (event?.userId === undefined || probes.has(rec.conn) || welcomes.has(rec.user)) return;
      if (obs.json === null || typeof obs.json !== 'object' || !isWelcome(obs.json as Record<string, unknown>)) return;
      welcomes.set(rec.user, { as: event.userId, seq: rec.seq });
    },
    finish() {
      if (welcomes.size < 2) return;
      const identities = new Set([...welcomes.values()].map((w) => w.as));
      if (identities.size !== 1) return;
      const [as = ''] = identities;
      const users = [...welcomes.keys()];
      if (users.some((user) => namesUser(as, user))) return;
      // the first user welcomed, at the first welcome (the map keeps the order they came in)
      const [first, firstWelcome] = [...welcomes][0]!;
      const others = users.length - 1;
      ctx.report(
        buildFinding({
          code: 'isolation.shared_identity',
          what: 'shared identity: the welcome',
          subject: { user: first, frameIndex: firstWelcome.seq },
          detail: `and those of the ${others} other simulated user${others === 1 ? '' : 's'}`,
          expected: 'each user welcomed as itself',
          received: `${as} for all ${users.length} users`,
          hint: 'The backend treats every connection as one user (DEMO_MODE=1?), so isolation cannot be checked; the isolation findings that follow from it are counted, not shown',
        }),
      );
    },
  };
};
