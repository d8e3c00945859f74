import { AUTH_PROBE_MARK, AuthProbeMark, buildFinding, isWelcome } from '../../contracts/index.ts';
import type { CheckFactory } from './Check.ts';

/**
 * An auth probe (no token, a bad signature, an expired token, a wrong issuer) that is welcomed is an auth bypass:
 * one `security.auth_bypass` per probe, naming what was accepted and as whom.
 */
export const authProbeCheck: CheckFactory = (ctx) => {
  const probes = new Map<string, AuthProbeMark>();
  const reported = new Set<string>();
  return {
    onMark(rec) {
      if (rec.name !== AUTH_PROBE_MARK) return;
      const parsed = AuthProbeMark.safeParse(rec.data);
      if (parsed.success) probes.set(parsed.data.conn, parsed.data);
    },
    onServerFrame(obs) {
      const probe = probes.get(obs.rec.conn);
      if (
        probe === undefined ||
        reported.has(obs.rec.conn) ||
        obs.json === null ||
        typeof obs.json !== 'object' ||
        !isWelcome(obs.json as Record<string, unknown>)
      )
        return;
      reported.add(obs.rec.conn);
      const as = obs.event?.userId;
      ctx.report(
        buildFinding({
          code: 'security.auth_bypass',
          what: `auth bypass: a connection with ${probe.sends} was welcomed${as !== undefined ? ` as ${as}` : ''}`,
          subject: { conn: obs.rec.conn, user: obs.rec.user, frameIndex: obs.rec.seq },
          expected: 'AUTH_FAILED then close 1008',
          received: `${obs.event?.type ?? 'a welcome'} for ${probe.sends}`,
        }),
      );
    },
  };
};
