import { z } from 'zod';

/** The name of the mark an auth probe writes into the history before it connects. */
export const AUTH_PROBE_MARK = 'auth-probe';

/** What the probe sends: the checks report a welcome on `conn` as an auth bypass naming `sends`. */
export const AuthProbeMark = z.object({
  /** The probe's socket in the history. */
  conn: z.string(),
  /** What was offered instead of a valid token, e.g. "no token", "an expired token". */
  sends: z.string(),
});
export type AuthProbeMark = z.infer<typeof AuthProbeMark>;
