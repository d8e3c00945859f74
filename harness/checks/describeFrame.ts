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
