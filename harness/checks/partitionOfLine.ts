/** Every partition: the line is not one user's (or cannot be read, so that every partition reports it alike). */
export const EVERY_PARTITION = -1;

/** Records of these kinds name a user and go to that user's partition; the others (marks, metrics, end) to every one (kindAt). */
const USER_KINDS = ['frame"', 'open"', 'close"', 'error"'];

const KIND = '"kind":"';
const USER = '"user":"';

/** No '{' or '[' in line[from, to): a key found there is one of the record's own, not a nested object's. */
function flat(line: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = line.charCodeAt(i);
    if (c === 123 || c === 91) return false;
  }
  return true;
}

/** FNV-1a of user[from, to), modulo count; -1 when `raw` (the user as it stands in a line) holds an escape. */
function partitionOfChars(text: string, from: number, to: number, count: number, raw: boolean): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (raw && c === 92 /* \ */) return -1;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return (hash >>> 0) % count;
}

/** Partition of a user: FNV-1a of its id, modulo the count. */
export function partitionOfUser(user: string, count: number): number {
  return partitionOfChars(user, 0, user.length, count, false);
}

/** What the kind at line[v] says (the value after `"kind":"`): 1 a user's record, 0 one for every partition, -1 another. */
function kindAt(line: string, v: number): number {
  switch (line.charCodeAt(v)) {
    case 102 /* f */:
      return line.startsWith('frame"', v) ? 1 : -1;
    case 111 /* o */:
      return line.startsWith('open"', v) ? 1 : -1;
    case 99 /* c */:
      return line.startsWith('close"', v) ? 1 : -1;
    case 101 /* e */:
      return line.startsWith('error"', v) ? 1 : line.startsWith('end"', v) ? 0 : -1;
    case 109 /* m */:
      return line.startsWith('mark"', v) || line.startsWith('metrics"', v) ? 0 : -1;
    default:
      return -1;
  }
}

/**
 * The partition a line's kind and user give, read without parsing it; undefined when the line is laid out otherwise.
 * Runs for every line in every thread: no closures, and the user's characters are read once (hash and escapes).
 */
function quickPartition(line: string, count: number): number | undefined {
  // a JSON string holds no unescaped '"kind":"': the first one outside any nested object is the record's own
  const k = line.indexOf(KIND);
  if (k === -1 || !flat(line, 1, k)) return undefined;
  const v = k + KIND.length;
  const kind = kindAt(line, v);
  if (kind === 0) return EVERY_PARTITION;
  if (kind === -1) return undefined;
  const u = line.indexOf(USER, v);
  if (u === -1 || !flat(line, v, u)) return undefined;
  const start = u + USER.length;
  const end = line.indexOf('"', start);
  if (end === -1) return undefined;
  // an escape in the user: the quick read cannot be trusted
  const partition = partitionOfChars(line, start, end, count, true);
  return partition === -1 ? undefined : partition;
}

/**
 * Which of `count` partitions a history line (a record after the header) belongs to: its user's, or EVERY_PARTITION.
 * Reads the kind and user from the line's own top-level fields as the recorder lays them out (kind, then user); a line
 * laid out otherwise is parsed.
 * @example partitionOfLine('{"seq":3,"mono":1,"wall":2,"kind":"frame","user":"u-1",...}', 2) // 0 or 1
 */
export function partitionOfLine(line: string, count: number): number {
  const quick = quickPartition(line, count);
  if (quick !== undefined) return quick;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return EVERY_PARTITION;
  }
  const record = value as { kind?: unknown; user?: unknown } | null;
  const kind = typeof record?.kind === 'string' ? `${record.kind}"` : undefined;
  return kind !== undefined && USER_KINDS.includes(kind) && typeof record?.user === 'string'
    ? partitionOfUser(record.user, count)
    : EVERY_PARTITION;
}

/** Whether partition `index` of `count` reads a line: its users' records and those every partition gets. */
export function inPartition(line: string, index: number, count: number): boolean {
  const partition = partitionOfLine(line, count);
  return partition === index || partition === EVERY_PARTITION;
}
