import { InfrastructureError } from '../../common/GoldpathError.ts';

/** Marks an error message as an infrastructure failure; the reporter maps such a run to exit 3. */
export const INFRA_MARKER = '[GOLDPATH_INFRA]';

/** An InfrastructureError whose message carries the marker (errors cross Playwright's process boundary as text). */
export function asInfrastructureFailure(error: unknown, what?: string): InfrastructureError {
  const base = error instanceof Error ? error : new Error(String(error));
  const code = error instanceof InfrastructureError ? error.code : 'GOLDPATH_INFRASTRUCTURE';
  const text = base.message.startsWith(INFRA_MARKER)
    ? base.message
    : `${INFRA_MARKER} ${what ? `${what}: ` : ''}${base.message} [${code}]`;
  return new InfrastructureError(code, text, { cause: base });
}

export function isInfrastructureMessage(message: string | undefined): boolean {
  return message !== undefined && message.includes(INFRA_MARKER);
}
