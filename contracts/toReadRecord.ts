import type { FrameRecord, HistoryRecord, ReadFrame, ReadRecord } from './history.ts';

/** No JSON string holds `"frame":` unescaped, so its first place in a record's line is the record's own member. */
const FRAME_KEY = '"frame":';

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * A copy of `text` that shares no memory with the string it was cut from: a slice (and what is cut from it in turn)
 * keeps the whole string it came from alive, such as the chunk a history was read in.
 * @example ownCopy(line.slice(10, 30)) // the same characters, without holding `line`
 */
export function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}

/**
 * The text of a version 2 `frame` as the recorder embedded it: the recorder writes `frame` as the last member, so the
 * text runs from its key to the record's closing brace. Undefined when the line is laid out otherwise (every other
 * member of a frame record is a scalar, so a text that does not end like its value did not end the record).
 * The text is copied unless `slice`: a slice would keep the whole chunk read from the file alive for as long as
 * anything cut from it is held (a canary, an event key), so a reader that slices copies what it keeps (ownCopy).
 */
function embeddedText(line: string, value: unknown, slice: boolean): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const at = line.indexOf(FRAME_KEY);
  if (at === -1) return undefined;
  let end = line.length;
  while (end > at && isSpace(line.charCodeAt(end - 1))) end--;
  if (line.charCodeAt(--end) !== 125 /* } */) return undefined;
  let last = end;
  while (last > at && isSpace(line.charCodeAt(last - 1))) last--;
  if (line.charCodeAt(last - 1) !== (Array.isArray(value) ? 93 /* ] */ : 125)) return undefined;
  const text = line.slice(at + FRAME_KEY.length, end);
  return slice ? text : ownCopy(text);
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * A validated frame record as the reader hands it on: its value parsed once (version 2: the line's own parse gave it;
 * version 1: parsed from `text`) and its text (version 2: as embedded in `line`, else serialised from the value; a
 * slice of `line` when `slice`, see embeddedText).
 */
export function toReadFrame(r: FrameRecord, line?: string, slice = false): ReadFrame {
  let text = r.text;
  let value: unknown;
  if (text === undefined) {
    value = r.frame;
    text = (line !== undefined ? embeddedText(line, value, slice) : undefined) ?? JSON.stringify(value);
  } else if (r.parse === 'json' && r.truncated !== 'text') value = parsedOrUndefined(text);
  return {
    kind: 'frame',
    seq: r.seq,
    mono: r.mono,
    wall: r.wall,
    user: r.user,
    conn: r.conn,
    dir: r.dir,
    text,
    binary: r.binary,
    size: r.size,
    parse: r.parse,
    truncated: r.truncated,
    value,
  };
}

/**
 * A record as the reader hands it on (frames with their value parsed once, see toReadFrame; other records as they are).
 * @example checkHistory(header, records.map((r) => toReadRecord(r)))
 */
export function toReadRecord(record: HistoryRecord, line?: string): ReadRecord {
  return record.kind === 'frame' ? toReadFrame(record, line) : record;
}

/** A record held in memory, as a history record (as written) or already as read: as read. */
export function asReadRecord(record: HistoryRecord | ReadRecord): ReadRecord {
  return record.kind === 'frame' && !('value' in record) ? toReadFrame(record) : (record as ReadRecord);
}
