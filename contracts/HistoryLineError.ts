/**
 * A history line that cannot be read: names the source, the 1-based line and the reason.
 * @example new HistoryLineError('history.jsonl', 7, 'invalid JSON') // "history.jsonl line 7: invalid JSON"
 */
export class HistoryLineError extends Error {
  constructor(
    readonly source: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${source} line ${line}: ${reason}`);
    this.name = 'HistoryLineError';
  }
}
