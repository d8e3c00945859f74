import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { HISTORY_FORMAT, HISTORY_VERSION, HistoryHeader, HistoryRecord } from '../../contracts/index.ts';
import { log } from '../common/log.ts';
import { HistoryFormatError } from './HistoryFormatError.ts';

export interface ReadHistoryOptions {
  /** Told about a tolerated problem (a truncated last line); defaults to a warning through log(). */
  onWarning?: (message: string) => void;
}

const defaultWarning = (message: string): void => log(message, 'warn');

/** Lines of a file with their 1-based numbers, and whether the last one ended with a newline. */
async function* lines(path: string): AsyncGenerator<{ text: string; line: number; last: boolean; terminated: boolean }> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  let line = 0;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const text = rest + chunk;
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        line++;
        yield { text: text.slice(start, end), line, last: false, terminated: true };
        start = end + 1;
      }
      rest = text.slice(start);
    }
  } catch (error) {
    if (error instanceof HistoryFormatError) throw error;
    throw new HistoryFormatError(path, line + 1, `cannot read the file (${(error as Error).message}). Is the path right?`);
  }
  if (rest.length > 0) yield { text: rest, line: line + 1, last: true, terminated: false };
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
  if (candidate === null || typeof candidate !== 'object' || candidate.kind !== 'header' || candidate.format !== HISTORY_FORMAT) {
    throw new HistoryFormatError(path, 1, `expected a ${HISTORY_FORMAT} header ({"kind":"header","format":"${HISTORY_FORMAT}",...}), received ${JSON.stringify(value)?.slice(0, 80)}. Is this a goldpath history file?`);
  }
  if (candidate.version !== HISTORY_VERSION) {
    throw new HistoryFormatError(path, 1, `expected history version ${HISTORY_VERSION}, received ${JSON.stringify(candidate.version)}. Re-record it with this goldpath version.`);
  }
  const parsed = HistoryHeader.safeParse(value);
  if (!parsed.success) throw new HistoryFormatError(path, 1, `invalid header: ${issues(parsed.error)}`);
  return parsed.data;
}

/** The frame record, the most common one, checked by hand; anything unusual goes through the zod schema. */
function isPlainFrame(r: Record<string, unknown>): boolean {
  return (
    r.kind === 'frame' &&
    Number.isInteger(r.seq) && (r.seq as number) >= 0 &&
    typeof r.mono === 'number' && r.mono >= 0 &&
    typeof r.wall === 'number' &&
    typeof r.user === 'string' && typeof r.conn === 'string' &&
    (r.dir === 'in' || r.dir === 'out') &&
    typeof r.text === 'string' &&
    Number.isInteger(r.size) && (r.size as number) >= 0 &&
    (r.parse === 'json' || r.parse === 'invalid_json' || r.parse === 'binary') &&
    (r.binary === undefined || typeof r.binary === 'boolean')
  );
}

function toRecord(path: string, value: unknown, line: number): HistoryRecord {
  if (value !== null && typeof value === 'object' && isPlainFrame(value as Record<string, unknown>)) return value as HistoryRecord;
  const parsed = HistoryRecord.safeParse(value);
  if (!parsed.success) throw new HistoryFormatError(path, line, `invalid ${String((value as { kind?: unknown } | null)?.kind ?? 'record')} record: ${issues(parsed.error)}`);
  return parsed.data;
}

/**
 * The header of a history file (its first line).
 * @throws HistoryFormatError when the file is missing, empty or does not start with a valid header.
 */
export async function readHistoryHeader(path: string): Promise<HistoryHeader> {
  for await (const { text } of lines(path)) return toHeader(path, parseLine(path, text, 1));
  throw new HistoryFormatError(path, 1, `empty file, expected a ${HISTORY_FORMAT} header`);
}

/**
 * Streams the records of a history file (after its header), validating each line.
 * A truncated last line (the recorder was killed mid-write) is skipped with a warning.
 * @example for await (const record of iterateHistory('reports/h/history.jsonl')) { ... }
 */
export async function* iterateHistory(path: string, options: ReadHistoryOptions = {}): AsyncGenerator<HistoryRecord> {
  let headerSeen = false;
  for await (const { text, line, last, terminated } of lines(path)) {
    if (!headerSeen) {
      toHeader(path, parseLine(path, text, line));
      headerSeen = true;
      continue;
    }
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (last && !terminated) {
        (options.onWarning ?? defaultWarning)(`${path} line ${line}: truncated last line ignored (the recorder stopped mid-write)`);
        return;
      }
      throw new HistoryFormatError(path, line, `invalid JSON (${(error as Error).message})`);
    }
    yield toRecord(path, value, line);
  }
  if (!headerSeen) throw new HistoryFormatError(path, 1, `empty file, expected a ${HISTORY_FORMAT} header`);
}

/** A whole history in memory: for tests and small files; checks stream with iterateHistory. */
export async function readHistory(path: string, options: ReadHistoryOptions = {}): Promise<{ header: HistoryHeader; records: HistoryRecord[] }> {
  const header = await readHistoryHeader(path);
  const records: HistoryRecord[] = [];
  for await (const record of iterateHistory(path, options)) records.push(record);
  return { header, records };
}
