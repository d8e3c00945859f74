import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { HISTORY_FORMAT, HISTORY_VERSION, HistoryHeader, HistoryRecord } from '../../../contracts/index.ts';
import { log } from '../../common/log.ts';
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
  /** Told about a tolerated problem (a truncated last line); defaults to a warning through log(). */
  onWarning?: (message: string) => void;
  /** Reads only the lines after the header it returns true for (the others are skipped unparsed, still counted). */
  select?: (line: string) => boolean;
}

const defaultWarning = (message: string): void => log(message, 'warn');

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

function parseLine(path: string, text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HistoryFormatError(path, line, `invalid JSON (${(error as Error).message})`);
  }
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'record'}: ${i.message}`).join('; ');
}

function toHeader(path: string, value: unknown): HistoryHeader {
  const candidate = value as Partial<HistoryHeader> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.kind !== 'header' ||
    candidate.format !== HISTORY_FORMAT
  ) {
    throw new HistoryFormatError(
      path,
      1,
      `expected a ${HISTORY_FORMAT} header ({"kind":"header","format":"${HISTORY_FORMAT}",...}), received ${JSON.stringify(value)?.slice(0, 80)}. Is this a goldpath history file?`,
    );
  }
  if (candidate.version !== HISTORY_VERSION) {
    throw new HistoryFormatError(
      path,
      1,
      `expected history version ${HISTORY_VERSION}, received ${JSON.stringify(candidate.version)}. Re-record it with this goldpath version.`,
    );
  }
  const parsed = HistoryHeader.safeParse(value);
  if (!parsed.success) throw new HistoryFormatError(path, 1, `invalid header: ${issues(parsed.error)}`);
  return parsed.data;
}

/** The frame record, the most common one, checked by hand; anything unusual goes through the zod schema. */
function isPlainFrame(r: Record<string, unknown>): boolean {
  return (
    r.kind === 'frame' &&
    Number.isInteger(r.seq) &&
    (r.seq as number) >= 0 &&
    typeof r.mono === 'number' &&
    r.mono >= 0 &&
    typeof r.wall === 'number' &&
    typeof r.user === 'string' &&
    typeof r.conn === 'string' &&
    (r.dir === 'in' || r.dir === 'out') &&
    typeof r.text === 'string' &&
    Number.isInteger(r.size) &&
    (r.size as number) >= 0 &&
    (r.parse === 'json' || r.parse === 'invalid_json' || r.parse === 'binary') &&
    (r.binary === undefined || typeof r.binary === 'boolean')
  );
}

function toRecord(path: string, value: unknown, line: number): HistoryRecord {
  if (value !== null && typeof value === 'object' && isPlainFrame(value as Record<string, unknown>))
    return value as HistoryRecord;
  const parsed = HistoryRecord.safeParse(value);
  if (!parsed.success)
    throw new HistoryFormatError(
      path,
      line,
      `invalid ${String((value as { kind?: unknown } | null)?.kind ?? 'record')} record: ${issues(parsed.error)}`,
    );
  return parsed.data;
}

/**
 * The header of a history file (its first line).
 * @throws HistoryFormatError when the file is missing, empty or does not start with a valid header.
 */
export async function readHistoryHeader(path: string): Promise<HistoryHeader> {
  const text = await firstLine(path);
  if (text !== undefined) return toHeader(path, parseLine(path, text, 1));
  throw new HistoryFormatError(path, 1, `empty file, expected a ${HISTORY_FORMAT} header`);
}

/**
 * Streams the records of a history file (after its header) in batches, one per chunk read: the fast path for
 * long histories (one await per chunk, not per record). Validates each line like iterateHistory.
 */
export async function* iterateHistoryBatches(
  path: string,
  options: ReadHistoryOptions = {},
): AsyncGenerator<HistoryRecord[]> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  let line = 0;
  let headerSeen = false;
  const select = options.select;
  const parseRecord = (text: string, last: boolean): HistoryRecord | undefined => {
    line++;
    if (!headerSeen) {
      toHeader(path, parseLine(path, text, line));
      headerSeen = true;
      return undefined;
    }
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return undefined;
    if (select !== undefined && !select(text)) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (last) {
        (options.onWarning ?? defaultWarning)(
          `${path} line ${line}: truncated last line ignored (the recorder stopped mid-write)`,
        );
        return undefined;
      }
      throw new HistoryFormatError(path, line, `invalid JSON (${(error as Error).message})`);
    }
    return toRecord(path, value, line);
  };
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = rest + chunk;
      const batch: HistoryRecord[] = [];
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        const record = parseRecord(text.slice(start, end), false);
        if (record !== undefined) batch.push(record);
        start = end + 1;
      }
      rest = text.slice(start);
      if (batch.length > 0) yield batch;
    }
  } catch (error) {
    if (error instanceof HistoryFormatError) throw error;
    throw line === 0
      ? unreadable(path, error)
      : new HistoryFormatError(path, line + 1, `cannot read the file (${(error as Error).message})`);
  }
  if (rest.length > 0) {
    // no newline at the end: the recorder may have been killed mid-write
    const record = parseRecord(rest, true);
    if (record !== undefined) yield [record];
  }
  if (!headerSeen) throw new HistoryFormatError(path, 1, `empty file, expected a ${HISTORY_FORMAT} header`);
}

/**
 * Streams the records of a history file (after its header), validating each line.
 * A truncated last line (the recorder was killed mid-write) is skipped with a warning.
 * @example for await (const record of iterateHistory('reports/h/history.jsonl')) { ... }
 */
export async function* iterateHistory(path: string, options: ReadHistoryOptions = {}): AsyncGenerator<HistoryRecord> {
  for await (const batch of iterateHistoryBatches(path, options)) yield* batch;
}

/** A whole history in memory: for tests and small files; checks stream with iterateHistory. */
export async function readHistory(
  path: string,
  options: ReadHistoryOptions = {},
): Promise<{ header: HistoryHeader; records: HistoryRecord[] }> {
  const header = await readHistoryHeader(path);
  const records: HistoryRecord[] = [];
  for await (const record of iterateHistory(path, options)) records.push(record);
  return { header, records };
}
