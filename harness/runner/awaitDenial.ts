import type { Expectations } from '../../contracts/index.ts';
import { NO_ERROR_CODE } from '../checks/noErrorCode.ts';
import type { RunHandle } from '../client/RunHandle.ts';
import type { SimulatedUser } from '../client/SimulatedUser.ts';
import { waitFor } from '../common/waitFor.ts';
import type { Capabilities, DenialKind } from '../config/GoldpathConfig.ts';

/** How the backend said no: an error frame (its code, when it has one) or a close of the socket. */
export type Denial = { by: 'error'; code?: string; message: string } | { by: 'close'; code: number };

/**
 * The expectations of a scenario that provokes these denials on purpose: the declared error codes (or, without one,
 * an error frame with no code, the real `{"type":"error","message":…}`) and the declared close codes.
 * @example test.use({ expectations: denialExpectations(capabilities, ['engineLimit'], { expectedRejections: 1 }) })
 */
export function denialExpectations(
  capabilities: Capabilities,
  kinds: readonly DenialKind[],
  extra: Expectations = {},
): Expectations {
  const codes = kinds.map((k) => capabilities.errorCodes[k] ?? NO_ERROR_CODE);
  const closes = kinds.flatMap((k) => (capabilities.closeCodes[k] === undefined ? [] : [capabilities.closeCodes[k]]));
  return {
    ...extra,
    allowedErrorCodes: [...new Set([...(extra.allowedErrorCodes ?? []), ...codes])],
    allowedCloseCodes: [...new Set([...(extra.allowedCloseCodes ?? []), ...closes])],
  };
}

/** "an error frame with error_code X or a close with 1009": what the target declared for this denial. */
export function describeDenial(capabilities: Capabilities, kind: DenialKind): string {
  const code = capabilities.errorCodes[kind];
  const close = capabilities.closeCodes[kind];
  const frame =
    code !== undefined
      ? `an error frame with error_code ${code}`
      : 'an error frame (error_message or {"type":"error"})';
  return `${frame}${close !== undefined ? ` or a close with ${close}` : ''} (capabilities.errorCodes.${kind}${close !== undefined ? ` / closeCodes.${kind}` : ''})`;
}

/**
 * Waits until the backend denies something the user sent: `run` rejected by an error frame, or (without a run) the
 * next error frame after inbox index `since`; or the socket closed with the declared close code. The deadline names the
 * denial and the capability awaited. A close with another code, or a run that started instead, is returned as is for
 * the scenario to assert on.
 * @example const denial = await awaitDenial(bob, { run: hijack }, capabilities, 'threadAccess')
 */
export async function awaitDenial(
  user: SimulatedUser,
  what: { run?: RunHandle; since?: number },
  capabilities: Capabilities,
  kind: DenialKind,
  options: { timeoutMs?: number } = {},
): Promise<Denial | { by: 'run'; status: RunHandle['status'] }> {
  const closeBefore = user.lastClose;
  const since = what.since ?? user.inbox.length;
  return waitFor(
    () => {
      const run = what.run;
      if (run !== undefined && run.done) {
        if (run.status !== 'rejected') return { by: 'run' as const, status: run.status };
        const code = run.rejection?.code;
        return {
          by: 'error' as const,
          message: run.rejection?.message ?? '',
          ...(code !== undefined && code !== 'UNKNOWN' && { code }),
        };
      }
      if (run === undefined) {
        const reply = user.inbox.slice(since).find((f) => f.type === 'error_message' || f.type === 'error');
        if (reply !== undefined) {
          const data = reply.frame.data as Record<string, unknown> | undefined;
          const code = reply.frame.error_code ?? data?.error_code;
          const message = reply.frame.error_message ?? reply.frame.message ?? data?.message ?? '';
          return { by: 'error' as const, message: String(message), ...(typeof code === 'string' && { code }) };
        }
      }
      if (user.lastClose !== undefined && user.lastClose !== closeBefore)
        return { by: 'close' as const, code: user.lastClose.code };
      return undefined;
    },
    {
      what: `no denial of ${kind} for user ${user.userId}: expected ${describeDenial(capabilities, kind)}`,
      timeoutMs: options.timeoutMs ?? 10_000,
      intervalMs: 20,
    },
  );
}

/** Whether a denial has the form the target declared for `kind` (its error code, or its close code). */
export function isDeclaredDenial(
  denial: Denial | { by: 'run' },
  capabilities: Capabilities,
  kind: DenialKind,
): boolean {
  if (denial.by === 'close') return denial.code === capabilities.closeCodes[kind];
  if (denial.by === 'error') {
    const code = capabilities.errorCodes[kind];
    return code === undefined || denial.code === code;
  }
  return false;
}
