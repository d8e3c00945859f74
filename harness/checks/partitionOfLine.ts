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

/**
 * Where the key `"<name>":"` (name ASCII, from its second letter in `rest`) first starts in bytes[from, to), or -1; -2
 * when a '{' or '[' comes before it (see flat). One pass over the bytes, looking for the name's first letter.
 */
function findFlatKey(bytes: Uint8Array, from: number, to: number, first: number, rest: readonly number[]): number {
  const last = to - rest.length;
  for (let i = from; i < last; i++) {
    const c = bytes[i];
    if (c === 123 || c === 91) return -2;
    if (c !== first || bytes[i - 1] !== 34 /* " */) continue;
    let j = 0;
    while (j < rest.length && bytes[i + 1 + j] === rest[j]) j++;
    if (j === rest.length) return i - 1;
  }
  return -1;
}

/** `ind":"` and `ser":"`: what follows the first letter of the keys "kind" and "user" up to their value. */
const KIND_REST = [...'ind":"'].map((c) => c.charCodeAt(0));
const USER_REST = [...'ser":"'].map((c) => c.charCodeAt(0));

/** Whether bytes[at, to) starts with the ASCII `text`. */
function startsWithBytes(bytes: Uint8Array, at: number, to: number, text: string): boolean {
  if (at + text.length > to) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

/** kindAt over UTF-8 bytes. */
function kindAtBytes(bytes: Uint8Array, v: number, to: number): number {
  switch (bytes[v]) {
    case 102 /* f */:
      return startsWithBytes(bytes, v, to, 'frame"') ? 1 : -1;
    case 111 /* o */:
      return startsWithBytes(bytes, v, to, 'open"') ? 1 : -1;
    case 99 /* c */:
      return startsWithBytes(bytes, v, to, 'close"') ? 1 : -1;
    case 101 /* e */:
      return startsWithBytes(bytes, v, to, 'error"') ? 1 : startsWithBytes(bytes, v, to, 'end"') ? 0 : -1;
    case 109 /* m */:
      return startsWithBytes(bytes, v, to, 'mark"') || startsWithBytes(bytes, v, to, 'metrics"') ? 0 : -1;
    default:
      return -1;
  }
}

/**
 * quickPartition over a line's UTF-8 bytes: the same answer for the same line (the keys and their layout are ASCII,
 * and no byte of a multi-byte character is), undefined where the user holds an escape or a non-ASCII character (its
 * bytes are not its UTF-16 code units, which partitionOfUser hashes).
 */
function quickPartitionOfBytes(bytes: Uint8Array, from: number, to: number, count: number): number | undefined {
  // a '{' or '[' from line[1] on before the key: as flat(line, 1, k) reads
  const k = findFlatKey(bytes, from + 1, to, 107 /* k */, KIND_REST);
  if (k < 0) return undefined;
  const v = k + KIND.length;
  const kind = kindAtBytes(bytes, v, to);
  if (kind === 0) return EVERY_PARTITION;
  if (kind === -1) return undefined;
  const u = findFlatKey(bytes, v + 1, to, 117 /* u */, USER_REST);
  if (u < 0) return undefined;
  let hash = 0x811c9dc5;
  for (let i = u + USER.length; i < to; i++) {
    const c = bytes[i]!;
    if (c === 34 /* " */) return (hash >>> 0) % count;
    if (c === 92 /* \ */ || c >= 0x80) return undefined;
    hash = Math.imul(hash ^ c, 0x01000193);
  }
  return undefined;
}

/**
 * partitionOfLine of the line whose UTF-8 bytes are bytes[from, to), mostly read without decoding it: a thread can
 * leave the lines of other partitions undecoded.
 * @example partitionOfLineBytes(Buffer.from('{"seq":3,"kind":"open","user":"u-1"}'), 0, 36, 2) // partitionOfUser('u-1', 2)
 */
export function partitionOfLineBytes(bytes: Buffer, from: number, to: number, count: number): number {
  return quickPartitionOfBytes(bytes, from, to, count) ?? partitionOfLine(bytes.toString('utf8', from, to), count);
}

/**
 * Whether partition `index` reads a line of `partition` (partitionOfLine): its users' records and those every
 * partition gets.
 * @example readsPartition(partitionOfLine(line, 2), 0)
 */
export function readsPartition(partition: number, index: number): boolean {
  return partition === index || partition === EVERY_PARTITION;
}
