import { UsageError } from '../common/GoldpathError.ts';

/**
 * The one integer parser of flags and GOLDPATH_* variables: a whole number from `min` (to `max`); anything else is a
 * UsageError naming where the value came from.
 * @example wholeNumber({ min: 1, max: 100_000, example: 50 })('abc', '--users') // throws "--users abc: expected a whole number from 1 to 100000, e.g. --users 50."
 */
export function wholeNumber(range: { min: number; max?: number; example?: number }) {
  return (text: string, source: string): number => {
    const n = Number(text);
    const ok = /^\d+$/.test(text.trim()) && n >= range.min && (range.max === undefined || n <= range.max);
    if (ok) return n;
    const expected =
      range.max === undefined
        ? `a whole number ≥ ${range.min}`
        : `a whole number from ${range.min} to ${range.max}, e.g. ${source} ${range.example ?? range.min}`;
    throw new UsageError('GOLDPATH_BAD_FLAG', `${source} ${text}: expected ${expected}.`);
  };
}

/** A comma-separated list, blanks dropped: `"a, b,"` → `["a", "b"]`. */
export function commaList(text: string): string[] {
  return text
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
}

/**
 * Parses a duration: milliseconds, or a number with s, m or h ("90s", "15m").
 * @returns undefined for text that is not a duration
 */
export function parseDuration(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  if (!m) return undefined;
  const value = Number(m[1]);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? 'ms') as 'ms' | 's' | 'm' | 'h'];
  const ms = Math.round(value * unit);
  return ms > 0 ? ms : undefined;
}

/** A duration flag: parseDuration, or a UsageError naming the flag. */
export function duration(text: string, source: string): number {
  const ms = parseDuration(text);
  if (ms === undefined)
    throw new UsageError(
      'GOLDPATH_BAD_FLAG',
      `${source} ${text}: expected a duration such as 90s, 15m or 1h (a bare number is milliseconds).`,
    );
  return ms;
}
