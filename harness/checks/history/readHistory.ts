import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
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
import { PartitionFilter } from './PartitionFilter.ts';

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
  /**
   * Reads only the lines of one partition of the users (PartitionFilter: its users' and those every partition gets);
   * the others are skipped undecoded, still counted.
   */
  partition?: { index: number; count: number };
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

/** How much of a history is read from the file at once (into one buffer, reused: see fileChunks). */
const READ_BYTES = 16 * READ_CHUNK_BYTES;

/**
 * The bytes of a file in chunks of READ_CHUNK_BYTES, read READ_BYTES at a time into one buffer: each chunk is a view
 * of that buffer, valid until the next one is asked for (whoever keeps bytes copies them). A fifth of the CPU of a
 * file stream of the same chunks, which allocates a buffer for each.
 */
async function* fileChunks(path: string): AsyncGenerator<Buffer, void, undefined> {
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, READ_BYTES, null);
      if (bytesRead === 0) return;
      for (let at = 0; at < bytesRead; at += READ_CHUNK_BYTES)
        yield buffer.subarray(at, Math.min(bytesRead, at + READ_CHUNK_BYTES));
    }
  } finally {
    await file.close();
  }
}

/** The text of UTF-8 chunks, as a file stream with encoding 'utf8' gives it (a character split across two is whole). */
async function* utf8Text(chunks: AsyncIterable<Buffer>): AsyncGenerator<string, void, undefined> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield decoder.write(chunk);
  const last = decoder.end();
  if (last.length > 0) yield last;
}

/**
 * The text of a history file in chunks, read as the history reader reads it (for a baseline measured against it).
 * @example for await (const text of readHistoryText(path)) lines += text.split('\n').length - 1;
 */
export function readHistoryText(path: string): AsyncGenerator<string, void, undefined> {
  return utf8Text(fileChunks(path));
}

/** The text of one partition's lines (PartitionFilter) from a history's bytes. */
async function* partitionText(chunks: AsyncIterable<Buffer>, filter: PartitionFilter): AsyncGenerator<string> {
  for await (const chunk of chunks) yield filter.push(chunk);
  yield filter.end();
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
    ...(options.sliceText === true && { sliceText: true }),
  });
  const { partition } = options;
  const chunks = fileChunks(path);
  try {
    yield* parser.read(
      partition === undefined
        ? utf8Text(chunks)
        : partitionText(chunks, new PartitionFilter(partition.index, partition.count)),
    );
  } catch (error) {
    if (error instanceof HistoryLineError) throw asFormatError(error);
    throw parser.lines === 0
      ? unreadable(path, error)
      : new HistoryFormatError(path, parser.lines + 1, `cannot read the file (${(error as Error).message})`);
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
