import { UsageError } from '../../common/GoldpathError.ts';

/**
 * A history file that cannot be read: names the file, the 1-based line and the reason.
 * @example new HistoryFormatError('history.jsonl', 7, 'invalid JSON') // "history.jsonl line 7: invalid JSON"
 */
export class HistoryFormatError extends UsageError {
  constructor(
    readonly path: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super('GOLDPATH_HISTORY_INVALID', `${path} line ${line}: ${reason}`);
  }
}
