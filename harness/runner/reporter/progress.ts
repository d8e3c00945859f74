/** Prefix of the machine-readable progress lines workers print; the reporter strips them from normal output. */
export const PROGRESS_PREFIX = '\u0000goldpath:progress ';

export interface Progress {
  /** Worker process id (counters are cumulative per process). */
  pid: number;
  /** Sockets open right now. */
  users: number;
  requests: number;
  runs: number;
  events: number;
  findings: number;
}

export function formatProgressLine(progress: Progress): string {
  return `${PROGRESS_PREFIX}${JSON.stringify(progress)}\n`;
}

/** Splits a stdout chunk into progress records and the remaining ordinary text. */
export function parseProgressLines(chunk: string): { progress: Progress[]; rest: string } {
  if (!chunk.includes(PROGRESS_PREFIX)) return { progress: [], rest: chunk };
  const progress: Progress[] = [];
  const rest: string[] = [];
  for (const line of chunk.split(/(?<=\n)/)) {
    const at = line.indexOf(PROGRESS_PREFIX);
    if (at < 0) {
      rest.push(line);
      continue;
    }
    try {
      progress.push(JSON.parse(line.slice(at + PROGRESS_PREFIX.length)) as Progress);
    } catch {
      // a torn line: drop it, the next one carries the totals again
    }
    if (at > 0) rest.push(line.slice(0, at));
  }
  return { progress, rest: rest.join('') };
}
