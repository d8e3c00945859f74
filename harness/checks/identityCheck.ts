import { AUTH_PROBE_MARK, AuthProbeMark, isWelcome, namesUser } from '../../contracts/index.ts';
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
      const first = Math.min(...[...welcomes.values()].map((w) => w.seq));
      ctx.report({
        code: 'isolation.shared_identity',
        severity: 'error',
        user: users[0]!,
        frameIndex: first,
        message: `shared identity: all ${users.length} simulated users were welcomed as ${as} (first at frame ${first}): expected each welcomed as itself (${users.slice(0, 2).join(', ')}${users.length > 2 ? ', …' : ''}), received one identity for all. The backend treats every connection as one user (DEMO_MODE=1?), so isolation cannot be checked; the isolation findings that follow from it are counted, not shown`,
        expected: 'each user welcomed as itself',
        received: `${as} for all ${users.length} users`,
      });
    },
  };
};
