import type { FindingSubject, ReadFrame } from '../../contracts/index.ts';

/** A frame text shortened for a message. */
export function snippet(text: string, max = 80): string {
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}…` : JSON.stringify(text);
}

/** A frame as the subject of a finding: its run and user ("in run r-3 of user u-7"), or its socket when it belongs to no run. */
export function frameSubject(rec: Pick<ReadFrame, 'user' | 'conn' | 'seq'>, runId: string | undefined): FindingSubject {
  return runId !== undefined
    ? { runId, user: rec.user, frameIndex: rec.seq }
    : { conn: rec.conn, user: rec.user, frameIndex: rec.seq };
}

export function msBetween(fromNs: number, toNs: number): number {
  return (toNs - fromNs) / 1e6;
}

/**
 * A duration in ms with just the decimals that show it beyond `limit` ("5000.4" against 5000, "5013" against 5000).
 * @example msPast(5000.0004, 5000) // "5000.0004"
 */
export function msPast(ms: number, limit: number): string {
  let digits = 0;
  while (digits < 6 && Number(ms.toFixed(digits)) <= limit && ms > limit) digits++;
  return ms.toFixed(digits);
}
