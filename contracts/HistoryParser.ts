import type { z } from 'zod';
import {
  HISTORY_FORMAT,
  HISTORY_VERSIONS,
  HistoryHeader,
  HistoryRecord,
  type FrameRecord,
  type ReadRecord,
} from './history.ts';
import { HistoryLineError } from './HistoryLineError.ts';
import { toReadFrame, toReadRecord } from './toReadRecord.ts';

export interface HistoryParserOptions {
  /** Names the history in errors and warnings (its path). */
  source: string;
  /** Told about a tolerated problem (a truncated last line): the parser itself never logs. */
  onWarning: (message: string) => void;
  /**
   * A version 2 frame's text is a slice of the text read, not a copy (cheaper: the checks' reader). Whoever keeps
   * anything cut from such a text must copy it (ownCopy), or it keeps the whole chunk read alive.
   */
  sliceText?: boolean;
}

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length > 0 ? i.path.join('.') : 'record'}: ${i.message}`).join('; ');
}

function parseJson(source: string, text: string, line: number): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HistoryLineError(source, line, `invalid JSON (${(error as Error).message})`);
  }
}

const versions = HISTORY_VERSIONS.join(' or ');

/**
 * The header of a history from its first line's parsed value.
 * @throws HistoryLineError when it is not a goldpath history header of a version goldpath reads.
 */
export function toHistoryHeader(source: string, value: unknown): HistoryHeader {
  const candidate = value as Partial<HistoryHeader> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    candidate.kind !== 'header' ||
    candidate.format !== HISTORY_FORMAT
  ) {
    throw new HistoryLineError(
      source,
      1,
      `expected a ${HISTORY_FORMAT} header ({"kind":"header","format":"${HISTORY_FORMAT}",...}), received ${JSON.stringify(value)?.slice(0, 80)}. Is this a goldpath history file?`,
    );
  }
  if (!(HISTORY_VERSIONS as readonly unknown[]).includes(candidate.version)) {
    throw new HistoryLineError(
      source,
      1,
      `expected history version ${versions}, received ${JSON.stringify(candidate.version)}. Re-record it with this goldpath version.`,
    );
  }
  const parsed = HistoryHeader.safeParse(value);
  if (!parsed.success) throw new HistoryLineError(source, 1, `invalid header: ${issues(parsed.error)}`);
  return parsed.data;
}

/**
 * The header of a history from its first line.
 * @throws HistoryLineError when the line is not JSON or not a valid header.
 */
export function parseHistoryHeader(source: string, text: string): HistoryHeader {
  return toHistoryHeader(source, parseJson(source, text, 1));
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
    (r.frame === undefined
      ? typeof r.text === 'string'
      : r.text === undefined && r.parse === 'json' && r.truncated !== 'text') &&
    Number.isInteger(r.size) &&
    (r.size as number) >= 0 &&
    (r.parse === 'json' || r.parse === 'invalid_json' || r.parse === 'binary') &&
    (r.binary === undefined || typeof r.binary === 'boolean') &&
    (r.truncated === undefined || r.truncated === 'values' || r.truncated === 'text')
  );
}

/**
 * The one reader of goldpath histories, version 1 and 2, fed the file's text in chunks of any size: `push` returns the
 * records of the lines completed so far, `end` the last line's. Every record is validated; frames come with their
 * value parsed once (see ReadFrame). Holds nothing but the unfinished line, so memory stays flat however long the
 * history. Pure: a truncated last line is told to `onWarning`, a bad line throws HistoryLineError.
 * @example
 * const parser = new HistoryParser({ source: path, onWarning: (m) => warnings.push(m) });
 * for await (const batch of parser.read(createReadStream(path, 'utf8'))) for (const record of batch) use(record);
 */
export class HistoryParser {
  private rest = '';
  private lineNo = 0;
  private parsedHeader: HistoryHeader | undefined;
  private failure: HistoryLineError | undefined;

  constructor(private readonly options: HistoryParserOptions) {}

  /** The header, once its line was pushed. */
  get header(): HistoryHeader | undefined {
    return this.parsedHeader;
  }

  /** Lines completed so far. */
  get lines(): number {
    return this.lineNo;
  }

  /**
   * The records of the lines `chunk` completes (with what was left of the previous chunk). A bad line ends the reading:
   * the records before it are returned, and the next push or end throws its HistoryLineError.
   */
  push(chunk: string): ReadRecord[] {
    if (this.failure !== undefined) throw this.failure;
    const batch: ReadRecord[] = [];
    let start = 0;
    let end = chunk.indexOf('\n');
    try {
      if (end !== -1 && this.rest.length > 0) {
        // only the line begun in the last chunk is joined: the others are cut from the chunk as it is, not from a
        // copy of the whole chunk that joining it to the rest would make
        const record = this.parseLine(this.rest + chunk.slice(0, end), false);
        if (record !== undefined) batch.push(record);
        start = end + 1;
        end = chunk.indexOf('\n', start);
      }
      for (; end !== -1; end = chunk.indexOf('\n', start)) {
        const record = this.parseLine(chunk.slice(start, end), false);
        if (record !== undefined) batch.push(record);
        start = end + 1;
      }
    } catch (error) {
      if (batch.length === 0 || !(error instanceof HistoryLineError)) throw error;
      this.failure = error;
      this.rest = '';
      return batch;
    }
    this.rest = start === 0 ? this.rest + chunk : chunk.slice(start);
    return batch;
  }

  /**
   * The record of a last line without a newline (a torn one, the recorder stopped mid-write, is told to onWarning).
   * @throws HistoryLineError when there was no header at all (or a bad line was met).
   */
  end(): ReadRecord[] {
    if (this.failure !== undefined) throw this.failure;
    const rest = this.rest;
    this.rest = '';
    const record = rest.length > 0 ? this.parseLine(rest, true) : undefined;
    if (this.parsedHeader === undefined)
      throw new HistoryLineError(this.options.source, 1, `empty file, expected a ${HISTORY_FORMAT} header`);
    return record !== undefined ? [record] : [];
  }

  /** Reads a whole history from its text chunks (a utf8 file stream), in batches of records, one per chunk. */
  async *read(chunks: AsyncIterable<string>): AsyncGenerator<ReadRecord[], void, undefined> {
    for await (const chunk of chunks) {
      const batch = this.push(chunk);
      if (batch.length > 0) yield batch;
    }
    const last = this.end();
    if (last.length > 0) yield last;
  }

  private parseLine(text: string, last: boolean): ReadRecord | undefined {
    const { source } = this.options;
    const line = ++this.lineNo;
    if (this.parsedHeader === undefined) {
      this.parsedHeader = parseHistoryHeader(source, text);
      return undefined;
    }
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (last) {
        this.options.onWarning(`${source} line ${line}: truncated last line ignored (the recorder stopped mid-write)`);
        return undefined;
      }
      throw new HistoryLineError(source, line, `invalid JSON (${(error as Error).message})`);
    }
    if (value !== null && typeof value === 'object' && isPlainFrame(value as Record<string, unknown>))
      return toReadFrame(value as FrameRecord, text, this.options.sliceText === true);
    const parsed = HistoryRecord.safeParse(value);
    if (!parsed.success)
      throw new HistoryLineError(
        source,
        line,
        `invalid ${String((value as { kind?: unknown } | null)?.kind ?? 'record')} record: ${issues(parsed.error)}`,
      );
    return toReadRecord(parsed.data, text);
  }
}
