import type { Finding } from './Finding.ts';

/** Longest unbroken value kept in a finding's message, expected and received. */
export const MAX_VALUE_CHARS = 200;
/** Longest message kept whole. */
const MAX_MESSAGE_CHARS = 2000;

/**
 * An unbroken run of characters too long to print, without the punctuation after it ("…: expected" keeps its colon);
 * a cut one ends at its "…", so it is not cut twice.
 */
const LONG_VALUE = new RegExp(`[^\\s…]{${MAX_VALUE_CHARS + 1},}(?<![:,;.])`, 'g');
/** What cutValue leaves at the end of a value it cut. */
const CUT_MARK = /… \(\d+ characters\)$/;

/** "abc…" with the full size, for a value too long to print; a value it already cut stays as it is. */
export function cutValue(value: string, max = MAX_VALUE_CHARS): string {
  if (value.length <= max) return value;
  const mark = CUT_MARK.exec(value);
  if (mark !== null && mark.index <= max) return value;
  return `${value.slice(0, max)}… (${value.length} characters)`;
}

/** A text with every unbroken value cut to 200 characters, and the whole cut to `max`. */
export function cutText(text: string, max: number): string {
  const values = text.length > MAX_VALUE_CHARS ? text.replace(LONG_VALUE, (v) => cutValue(v)) : text;
  return cutValue(values, max);
}

/**
 * A finding whose message and values stay printable whatever the backend sent: every unbroken value longer than 200
 * characters is cut and says its full size; the history keeps the evidence in full.
 * @example boundFinding({ ...finding, received: 'x'.repeat(1e6) }).received // "xxx…x… (1000000 characters)"
 */
export function boundFinding(finding: Finding): Finding {
  if (
    finding.message.length <= MAX_VALUE_CHARS &&
    (finding.expected?.length ?? 0) <= MAX_VALUE_CHARS &&
    (finding.received?.length ?? 0) <= MAX_VALUE_CHARS
  )
    return finding;
  return {
    ...finding,
    message: cutText(finding.message, MAX_MESSAGE_CHARS),
    ...(finding.expected !== undefined && { expected: cutText(finding.expected, MAX_VALUE_CHARS * 2) }),
    ...(finding.received !== undefined && { received: cutText(finding.received, MAX_VALUE_CHARS * 2) }),
    ...(finding.user !== undefined && finding.user.length > MAX_VALUE_CHARS && { user: cutValue(finding.user) }),
  };
}
