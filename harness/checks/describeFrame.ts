/** A frame text shortened for a message. */
export function snippet(text: string, max = 80): string {
  return text.length > max ? `${JSON.stringify(text.slice(0, max))}…` : JSON.stringify(text);
}

/** "run r-3 of user u-7" or "socket c-1 of user u-7" when the frame belongs to no run. */
export function where(user: string, conn: string, runId: string | undefined): string {
  return runId !== undefined ? `run ${runId} of user ${user}` : `socket ${conn} of user ${user}`;
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
