import { createReadStream } from 'node:fs';
import {
  HISTORY_FORMAT,
  HistoryLineError,
  HistoryParser,
  parseHistoryHeader,
  type HistoryHeader,
  type ReadRecord,
} from '../../../contracts/index.ts';
import { UsageError } from '../../common/GoldpathError.ts';
import { HistoryFormatError } from './HistoryFormatError.ts';

/** A file that cannot be opened is not a bad line 1: say what is wrong with the path. */
function unreadable(path: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT')
    return new UsageError('GOLDPATH_HISTORY_NOT_FOUND', `${path}: no such file (ENOENT). Is the path right?`);
  if (code === 'EISDIR')
    return new UsageError(
      'GOLDPATH_HISTORY_NOT_FOUND',
      `${path} is a directory (EISDIR): give the history.jsonl file inside it.`,
    );
  return new UsageError(
    'GOLDPATH_HISTORY_UNREADABLE',
    `${path}: cannot read the file (${code ?? (error as Error).message}).`,
  );
}

export interface ReadHistoryOptions {
  /**
   * Told about a tolerated problem (a truncated last line). The reader never logs: without this, such a problem is
   * not told to anyone (the caller decides: the CLI logs it as a warning).
   */
  onWarning?: (message: string) => void;
  /** Reads only the lines after the header it returns true for (the others are skipped unparsed, still counted). */
  select?: (line: string) => boolean;
  /** Frame texts are slices of the chunks read, not copies (HistoryParserOptions.sliceText): for the checks only. */
  sliceText?: boolean;
}

const ignore = (): void => {};

/** The size of the chunks a history is read in. */
export const READ_CHUNK_BYTES = 64 * 1024;

/** The first line of a file, read in small chunks. */
async function firstLine(path: string): Promise<string | undefined> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 64 * 1024 });
  let text = '';
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      text += chunk;
      const end = text.indexOf('\n');
      if (end !== -1) return text.slice(0, end);
    }
  } catch (error) {
    throw unreadable(path, error);
  } finally {
    stream.destroy();
  }
  return text.length > 0 ? text : undefined;
}

const asFormatError = (error: HistoryLineError): HistoryFormatError =>
  new HistoryFormatError(error.source, error.line, error.reason);

/**
 * The header of a history file (its first line).
 * @throws HistoryFormatError when the file is missing, empty or does not start with a valid header.
 */
export async function readHistoryHeader(path: string): Promise<HistoryHeader> {
  const text = await firstLine(path);
  if (text === undefined) throw new HistoryFormatError(path, 1, `empty file, expected a ${HISTORY_FORMAT} header`);
  try {
    return parseHistoryHeader(path, text);
  } catch (error) {
    throw error instanceof HistoryLineError ? asFormatError(error) : error;
  }
}

/**
 * Streams the records of a history file (version 1 or 2, after its header) in batches, one per chunk read: the fast
 * path for long histories (one await per chunk, not per record). Each line is validated; frames come with their value
 * parsed once (ReadFrame). A truncated last line (the recorder was killed mid-write) is skipped and told to onWarning.
 * @throws HistoryFormatError (exit 2) naming the line of a record that is not valid.
 */
export async function* iterateHistoryBatches(
  path: string,
  options: ReadHistoryOptions = {},
): AsyncGenerator<ReadRecord[], void, undefined> {
  const parser = new HistoryParser({
    source: path,
    onWarning: options.onWarning ?? ignore,
    ...(options.select !== undefined && { select: options.select }),
    ...(options.sliceText === true && { sliceText: true }),
  });
  // 64 KiB chunks: a chunk's records are alive together until the scan takes them, and at 1 MiB that many outlive
  // the young generation's collections (about a fifth more CPU over a long history)
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: READ_CHUNK_BYTES });
  try {
    yield* parser.read(stream as AsyncIterable<string>);
  } catch (error) {
    if (error instanceof HistoryLineError) throw asFormatError(error);
    throw parser.lines === 0
      ? unreadable(path, error)
      : new HistoryFormatError(path, parser.lines + 1, `cannot read the file (${(error as Error).message})`);
  } finally {
    stream.destroy();
  }
}

/**
 * Streams the records of a history file (after its header), validating each line; see iterateHistoryBatches.
 * @example for await (const record of iterateHistory('reports/h/history.jsonl', { onWarning })) { ... }
 */
export async function* iterateHistory(path: string, options: ReadHistoryOptions = {}): AsyncGenerator<ReadRecord> {
  for await (const batch of iterateHistoryBatches(path, options)) yield* batch;
}

/** A whole history in memory: for tests and small files; checks stream with iterateHistory. */
export async function readHistory(
  path: string,
  options: ReadHistoryOptions = {},
): Promise<{ header: HistoryHeader; records: ReadRecord[] }> {
  const header = await readHistoryHeader(path);
  const records: ReadRecord[] = [];
  for await (const record of iterateHistory(path, options)) records.push(record);
  return { header, records };
}
