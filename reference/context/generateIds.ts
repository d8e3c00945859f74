import { randomHex8 } from '../random/randomHex8.ts';

/** The shape of server-generated ids: `<kind>_<operation>_<counter>_<8 hex digits>`. */
export const SERVER_ID_PATTERN = /^(thread|run|req)_[a-z0-9_]+_\d+_[0-9a-f]{8}$/;

let counter = 0;

function serverId(kind: 'thread' | 'run' | 'req', operation: string, n: number): string {
  const op = operation.toLowerCase().replace(/[^a-z0-9_]/g, '_') || 'op';
  return `${kind}_${op}_${n}_${randomHex8()}`;
}

/** `thread_<op>_<n>_<hex8>`; `n` defaults to a process-wide counter. */
export function generateThreadId(operation: string, n = ++counter): string {
  return serverId('thread', operation, n);
}

/** `run_<op>_<n>_<hex8>`; `n` defaults to a process-wide counter. */
export function generateRunId(operation: string, n = ++counter): string {
  return serverId('run', operation, n);
}

/** `req_<op>_<n>_<hex8>`; `n` defaults to a process-wide counter. */
export function generateRequestId(operation: string, n = ++counter): string {
  return serverId('req', operation, n);
}
