/** Records of these kinds name a user and go to that user's partition; the others (marks, metrics, end) go to every one. */
const USER_KINDS = new Set(['open', 'frame', 'close', 'error']);

/** Every partition: the line is not one user's (or cannot be read, so that every partition reports it alike). */
export const EVERY_PARTITION = -1;

/** The value of a top-level string field, read without parsing the line; undefined when it is not that simple. */
function topLevelString(line: string, key: string): string | undefined {
  const at = line.indexOf(key);
  if (at === -1) return undefined;
  // a key inside a nested object or array comes after a '{' or '[': only the record's own fields come before any
  for (let i = 1; i < at; i++) {
    const c = line.charCodeAt(i);
    if (c === 123 || c === 91) return undefined;
  }
  const start = at + key.length;
  const end = line.indexOf('"', start);
  if (end === -1) return undefined;
  const value = line.slice(start, end);
  return value.includes('\\') ? undefined : value;
}

/** Partition of a user: FNV-1a of its id, modulo the count. */
export function partitionOfUser(user: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < user.length; i++) hash = Math.imul(hash ^ user.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % count;
}

/**
 * Which of `count` partitions a history line (a record after the header) belongs to: its user's, or EVERY_PARTITION.
 * Reads the kind and user from the line's own top-level fields (a string value cannot hold an unescaped `"kind":"`);
 * a line written otherwise is parsed.
 * @example partitionOfLine('{"seq":3,"mono":1,"wall":2,"kind":"frame","user":"u-1",...}', 2) // 0 or 1
 */
export function partitionOfLine(line: string, count: number): number {
  let kind = topLevelString(line, '"kind":"');
  let user = kind !== undefined && USER_KINDS.has(kind) ? topLevelString(line, '"user":"') : undefined;
  if (kind === undefined || (USER_KINDS.has(kind) && user === undefined)) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return EVERY_PARTITION;
    }
    const record = value as { kind?: unknown; user?: unknown } | null;
    kind = typeof record?.kind === 'string' ? record.kind : undefined;
    user = typeof record?.user === 'string' ? record.user : undefined;
  }
  return kind !== undefined && USER_KINDS.has(kind) && user !== undefined
    ? partitionOfUser(user, count)
    : EVERY_PARTITION;
}

/** Whether partition `index` of `count` reads a line: its users' records and those every partition gets. */
export function inPartition(line: string, index: number, count: number): boolean {
  const partition = partitionOfLine(line, count);
  return partition === index || partition === EVERY_PARTITION;
}
