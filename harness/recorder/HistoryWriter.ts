import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  CONTRACT_VERSION,
  HISTORY_FORMAT,
  HISTORY_VERSION,
  type Expectations,
  type FrameRecord,
  type HistoryHeader,
  type HistoryRecord,
} from '../../contracts/index.ts';
import { redactProtocol } from './redactProtocol.ts';
import { redactText } from './redactText.ts';
import { redactUrl } from './redactUrl.ts';

/** Omit that keeps a union a union. */
export type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A frame as the caller hands it over: always its text (the writer decides how the history stores it). */
export type FrameInit = Omit<FrameRecord, 'seq' | 'mono' | 'wall' | 'text' | 'frame' | 'truncated'> & { text: string };

/** A record as the caller hands it over: the writer adds `seq`, `mono` and `wall`. */
export type RecordInit = DistributiveOmit<Exclude<HistoryRecord, FrameRecord>, 'seq' | 'mono' | 'wall'> | FrameInit;

export type HistoryHeaderInit = {
  scenario?: string;
  target?: string;
  expectations?: Expectations;
  meta?: Record<string, unknown>;
  dialect?: string;
  /** Frames larger than this (characters of text) are recorded cut, with their full size. Default 1 MiB. */
  maxFrameBytes?: number;
};

/** The default size limit of one recorded frame. */
export const DEFAULT_MAX_FRAME_BYTES = 1024 * 1024;

/** Every open writer of this process, so a stop signal can end them all (see endOpenHistories). */
const openWriters = new Set<HistoryWriter>();

/**
 * Ends every history still open in this process with an `interrupted` end record: for a stop signal.
 * @example process.once('SIGTERM', () => { endOpenHistories(); process.exit(143) })
 */
export function endOpenHistories(): number {
  const writers = [...openWriters];
  for (const writer of writers) writer.closeSync('interrupted');
  return writers.length;
}

/** Written at most this long after `record()`: a SIGKILL loses only the last few milliseconds. */
const FLUSH_INTERVAL_MS = 5;
/** A buffer this large is written at once, so memory stays bounded under a burst. */
const FLUSH_BYTES = 64 * 1024;
const LINE_FEED = 0x0a;
const CLOSING_BRACE = 0x7d;
const REPLACEMENT_CHARACTER = '\uFFFD';
const DIGIT_ZERO = 0x30;
/** The constant pieces of a frame line around its numbers, as bytes (all ASCII). */
const SEQ_KEY = asciiBytes('{"seq":');
const MONO_KEY = asciiBytes(',"mono":');
const WALL_KEY = asciiBytes(',"wall":');
const JSON_FRAME_KEY = asciiBytes(',"parse":"json","frame":');

/** A socket as frame lines name it: `"user":…,"conn":…`, and the middle of its lines per direction, once made. */
interface SocketText {
  user: string;
  quoted: string;
  in?: Buffer;
  out?: Buffer;
}

function asciiBytes(text: string): Uint8Array {
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

/** Copies ASCII bytes into `out` at `at` (a loop: cheaper than a native copy for a few bytes); returns the end. */
function putAscii(out: Buffer, at: number, ascii: Uint8Array): number {
  for (let i = 0; i < ascii.length; i++) out[at + i] = ascii[i]!;
  return at + ascii.length;
}

/** Writes a whole number ≥ 0 in decimal (as String(n) spells it) into `out` at `at`; returns the end. */
function putInteger(out: Buffer, at: number, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0) return at + out.write(String(n), at, 'latin1');
  let end = at + 1;
  for (let power = 10; power <= n; power *= 10) end++;
  for (let i = end - 1; i >= at; i--) {
    const rest = Math.floor(n / 10);
    out[i] = DIGIT_ZERO + n - rest * 10;
    n = rest;
  }
  return end;
}

/**
 * Streams a history to disk as JSON lines: the versioned header, then one record per line.
 * `record()` is synchronous and never keeps records beyond its small write buffer.
 * @example
 * const writer = await HistoryWriter.open('reports/h/history.jsonl', { scenario: 'golden path' });
 * writer.record({ kind: 'frame', dir: 'in', user: 'u-1', conn: 'c-1', text, size, parse: 'json' });
 * await writer.close();
 */
export class HistoryWriter {
  private readonly fd: number;
  private readonly started = performance.now();
  /** Lines are encoded into this buffer as they come (no line string waits on the heap) and written out from it. */
  private readonly out = Buffer.allocUnsafeSlow(2 * FLUSH_BYTES);
  private used = 0;
  private timer: NodeJS.Timeout | undefined;
  private seq = 0;
  private closed = false;
  private cutFrames = 0;
  private readonly sockets = new Map<string, SocketText>();

  private constructor(
    readonly path: string,
    fd: number,
    readonly maxFrameBytes: number,
  ) {
    this.fd = fd;
    openWriters.add(this);
  }

  /** Frames recorded cut so far (over maxFrameBytes). */
  get cut(): number {
    return this.cutFrames;
  }

  static async open(path: string, header: HistoryHeaderInit = {}): Promise<HistoryWriter> {
    await mkdir(dirname(path), { recursive: true });
    const writer = new HistoryWriter(path, openSync(path, 'w'), header.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES);
    const line: HistoryHeader = {
      kind: 'header',
      format: HISTORY_FORMAT,
      version: HISTORY_VERSION,
      createdAt: new Date().toISOString(),
      contractVersion: CONTRACT_VERSION,
      dialect: header.dialect ?? 'netra',
      ...(header.scenario !== undefined && { scenario: header.scenario }),
      ...(header.target !== undefined && { target: header.target }),
      ...(header.expectations !== undefined && { expectations: header.expectations as HistoryHeader['expectations'] }),
      ...(header.meta !== undefined && { meta: header.meta }),
      endRecord: true,
    };
    writeSync(writer.fd, `${JSON.stringify(line)}\n`);
    return writer;
  }

  /** Records written so far (the header not included). */
  get count(): number {
    return this.seq;
  }

  /** Appends one record (redacted) and returns its `seq`. */
  record(rec: RecordInit): number {
    if (rec.kind === 'frame') return this.frame(rec.user, rec.conn, rec.dir, rec.text, rec.size, rec.parse, rec.binary);
    const seq = this.next();
    return this.append(seq, JSON.stringify({ seq, mono: this.mono(), wall: Date.now(), ...redactRecord(rec) }));
  }

  /**
   * Appends one frame (text redacted unless binary) and returns its `seq`: the hot path of recording. The line is the
   * same as JSON.stringify of the record would give, built without the record object. A JSON frame (history version 2)
   * is stored as its value: its redacted text is embedded as it is, neither parsed nor serialised again, unless it holds
   * a raw line break (whitespace between its tokens), which would split the line: then it is parsed and serialised.
   * `bytes`, when the caller has them, are the text's UTF-8 bytes as they arrived: a frame embedded unchanged (nothing
   * to redact, no line break, not cut) is copied from them rather than encoded again.
   */
  frame(
    user: string,
    conn: string,
    dir: 'in' | 'out',
    text: string,
    size: number,
    parse: 'json' | 'invalid_json' | 'binary',
    binary?: boolean,
    bytes?: Uint8Array,
  ): number {
    const seq = this.next();
    // the text a JSON frame is embedded as (redacted, without raw line breaks); undefined for any other, or one cut
    let embedded = parse === 'json' && text.length <= this.maxFrameBytes ? embeddable(redactText(text)) : undefined;
    // the bytes are the text only where they were valid UTF-8 (a socket may skip that check): decoding replaces every
    // invalid sequence with U+FFFD, so a text without one was decoded from valid bytes
    if (
      bytes !== undefined &&
      embedded === text &&
      binary === undefined &&
      !text.includes(REPLACEMENT_CHARACTER) &&
      this.appendFrameBytes(seq, user, conn, dir, size, bytes)
    )
      return seq;
    let cut: 'values' | 'text' | undefined;
    if (text.length > this.maxFrameBytes) {
      const shrunk = binary === true ? undefined : cutLongValues(text, this.maxFrameBytes);
      text = shrunk ?? text.slice(0, this.maxFrameBytes);
      cut = shrunk !== undefined ? 'values' : 'text';
      this.cutFrames++;
      embedded = parse === 'json' && cut === 'values' ? embeddable(redactText(text)) : undefined;
    }
    const head = `{"seq":${seq},"mono":${this.mono()},"wall":${Date.now()},"kind":"frame",${this.socket(user, conn).quoted},"dir":"${dir}"`;
    const flag = binary === true ? ',"binary":true' : binary === false ? ',"binary":false' : '';
    const truncated = cut !== undefined ? `,"truncated":"${cut}"` : '';
    // a JSON frame not cut short (whole, or its long values cut): `frame` last, where a reader finds the embedded text
    // between its key and the record's closing brace
    if (embedded !== undefined)
      return this.append(seq, `${head},"size":${size},"parse":"json"${flag}${truncated},"frame":`, embedded, true);
    const body = JSON.stringify(binary === true ? text : redactText(text));
    return this.append(seq, `${head},"text":${body}${flag},"size":${size},"parse":"${parse}"${truncated}}`);
  }

  /**
   * The line of a JSON frame embedded as it arrived, written byte by byte into the write buffer (the same bytes as
   * frame()'s text path: no line string, no number turned into a string, no text encoded again); false when the line
   * does not fit the buffer (the text path writes it then).
   */
  private appendFrameBytes(
    seq: number,
    user: string,
    conn: string,
    dir: 'in' | 'out',
    size: number,
    bytes: Uint8Array,
  ): boolean {
    const known = this.socket(user, conn);
    const middle = (known[dir] ??= Buffer.from(`,"kind":"frame",${known.quoted},"dir":"${dir}","size":`));
    const most = SEQ_KEY.length + MONO_KEY.length + WALL_KEY.length + JSON_FRAME_KEY.length + 4 * 16 + middle.length;
    if (this.used + most + bytes.length + 2 > this.out.length) {
      this.writeOut();
      if (most + bytes.length + 2 > this.out.length) return false;
    }
    const out = this.out;
    let at = putAscii(out, this.used, SEQ_KEY);
    at = putInteger(out, at, seq);
    at = putAscii(out, at, MONO_KEY);
    at = putInteger(out, at, this.mono());
    at = putAscii(out, at, WALL_KEY);
    at = putInteger(out, at, Date.now());
    out.set(middle, at);
    at = putInteger(out, at + middle.length, size);
    at = putAscii(out, at, JSON_FRAME_KEY);
    out.set(bytes, at);
    at += bytes.length;
    out[at++] = CLOSING_BRACE;
    out[at++] = LINE_FEED;
    this.used = at;
    this.scheduleWrite();
    return true;
  }

  /** A socket's `"user":…,"conn":…`, serialised once per socket rather than once per frame (and its line middles). */
  private socket(user: string, conn: string): SocketText {
    const known = this.sockets.get(conn);
    if (known !== undefined && known.user === user) return known;
    const made: SocketText = { user, quoted: `"user":${JSON.stringify(user)},"conn":${JSON.stringify(conn)}` };
    this.sockets.set(conn, made);
    return made;
  }

  private next(): number {
    if (this.closed) throw new Error(`HistoryWriter for ${this.path} is closed; record() after close() loses data`);
    return this.seq++;
  }

  /** Nanoseconds since the writer opened, from performance.now() (the clock of process.hrtime; no BigInt to make). */
  private mono(): number {
    return Math.round((performance.now() - this.started) * 1e6);
  }

  /**
   * Appends the line `a` + `b` (+ `}` if `brace`: in parts, so a frame's text is not copied into a line string first)
   * and schedules its write. A line is encoded into the write buffer whole, so every write ends at a line break; one
   * too large for the buffer is written at once, after what waits.
   */
  private append(seq: number, a: string, b = '', brace = false): number {
    // UTF-8 takes at most 3 bytes per UTF-16 code unit
    const most = 3 * (a.length + b.length) + 2;
    if (this.used + most > this.out.length) {
      this.writeOut();
      if (most > this.out.length) {
        writeSync(this.fd, `${a}${b}${brace ? '}' : ''}\n`);
        return seq;
      }
    }
    const out = this.out;
    let used = this.used + out.write(a, this.used);
    if (b !== '') used += out.write(b, used);
    if (brace) out[used++] = CLOSING_BRACE;
    out[used++] = LINE_FEED;
    this.used = used;
    this.scheduleWrite();
    return seq;
  }

  /** Writes the buffer out once it is large, else at most FLUSH_INTERVAL_MS from now. */
  private scheduleWrite(): void {
    if (this.used >= FLUSH_BYTES) this.writeOut();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.writeOut(), FLUSH_INTERVAL_MS);
      this.timer.unref();
    }
  }

  /** A scenario's own annotation. */
  mark(name: string, data?: Record<string, unknown>, user?: string): number {
    return this.record({
      kind: 'mark',
      name,
      ...(data !== undefined && { data }),
      ...(user !== undefined && { user }),
    });
  }

  /** A snapshot of the target's factory metrics. */
  metrics(phase: 'before' | 'after', metrics: Record<string, unknown>): number {
    return this.record({ kind: 'metrics', phase, metrics });
  }

  async flush(): Promise<void> {
    this.writeOut();
  }

  /** Writes the end record and closes the file: a history without one was cut off. */
  async close(options: { reason?: 'closed' | 'interrupted' } = {}): Promise<void> {
    this.closeSync(options.reason ?? 'closed');
  }

  /** close(), synchronously: usable from a signal handler. */
  closeSync(reason: 'closed' | 'interrupted' = 'closed'): void {
    if (this.closed) return;
    const records = this.seq;
    this.record({ kind: 'end', reason, records, ...(this.cutFrames > 0 && { cutFrames: this.cutFrames }) });
    this.writeOut();
    this.closed = true;
    openWriters.delete(this);
    closeSync(this.fd);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  private writeOut(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.used === 0 || this.closed) return;
    for (let at = 0; at < this.used;) at += writeSync(this.fd, this.out, at, this.used - at);
    this.used = 0;
  }
}

/** A JSON text that can stand in a JSON line as it is: one without raw line breaks (they can only be whitespace). */
function embeddable(json: string): string {
  // two searches for one character each are cheaper than one regular expression for either
  return json.includes('\n') || json.includes('\r') ? JSON.stringify(JSON.parse(json)) : json;
}

/** Longest string value kept whole in a frame over the size limit. */
const MAX_KEPT_VALUE = 1024;

/** The frame's JSON with every string longer than MAX_KEPT_VALUE cut (saying its size); undefined if that is not enough. */
function cutLongValues(text: string, limit: number): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const shrunk = JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' && v.length > MAX_KEPT_VALUE
      ? `${v.slice(0, MAX_KEPT_VALUE)}…[cut: ${v.length} characters]`
      : v,
  );
  return shrunk.length <= limit ? shrunk : undefined;
}

function redactRecord(rec: Exclude<RecordInit, FrameInit>): Exclude<RecordInit, FrameInit> {
  switch (rec.kind) {
    case 'open':
      return {
        ...rec,
        url: redactUrl(rec.url),
        ...(rec.protocol !== undefined && { protocol: redactProtocol(rec.protocol) }),
      };
    case 'close':
      return { ...rec, reason: redactText(rec.reason) };
    case 'error':
      return { ...rec, message: redactText(rec.message) };
    default:
      return rec;
  }
}
