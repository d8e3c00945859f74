import { InfrastructureError } from '../common/GoldpathError.ts';

const UNREACHABLE = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * A socket error before the welcome: the target being unreachable (refused, no route, handshake timeout, 5xx)
 * is an InfrastructureError (exit 3); anything else stays a plain Error (a finding about the backend).
 */
export function classifyConnectError(error: Error & { code?: string }, where: string): Error {
  const status = /Unexpected server response: (\d+)/.exec(error.message)?.[1];
  if ((error.code !== undefined && UNREACHABLE.has(error.code)) || /handshake has timed out/i.test(error.message) || (status !== undefined && Number(status) >= 500)) {
    return new InfrastructureError('GOLDPATH_TARGET_UNREACHABLE', `target unreachable: ${where}: ${error.code ?? error.message}. Is the backend running and listening there?`, { cause: error });
  }
  return new Error(`${where}: ${error.message}`, { cause: error });
}
