import { z } from 'zod';

/** An ISO time without a zone (the older emitter's): it means UTC. */
const NAIVE_ISO = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** The day of the last UTC time read the quick way: its "YYYY-MM-DD" and the epoch ms of its midnight. */
let lastDay = '';
let lastDayMs = Number.NaN;

/** The two digits at `at` as a number, or -1. */
function twoDigits(value: string, at: number): number {
  const a = value.charCodeAt(at) - 48;
  const b = value.charCodeAt(at + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Epoch ms of the most common wire form, "YYYY-MM-DDTHH:MM:SS.sssZ" (or without the fraction), read digit by digit:
 * Date.parse costs as much as a whole frame's bookkeeping. Its day goes through Date.parse once. NaN for any other form.
 */
function quickUtcToMs(value: string): number {
  const n = value.length;
  if ((n !== 24 && n !== 20) || value.charCodeAt(n - 1) !== 90 /* Z */ || value.charCodeAt(10) !== 84 /* T */)
    return Number.NaN;
  if (value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return Number.NaN;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return Number.NaN;
  if (twoDigits(value, 0) < 0 || twoDigits(value, 2) < 0 || twoDigits(value, 5) < 0 || twoDigits(value, 8) < 0)
    return Number.NaN;
  const hours = twoDigits(value, 11);
  const minutes = twoDigits(value, 14);
  const seconds = twoDigits(value, 17);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return Number.NaN;
  let ms = 0;
  if (n === 24) {
    if (value.charCodeAt(19) !== 46 /* . */) return Number.NaN;
    const hundreds = value.charCodeAt(20) - 48;
    const rest = twoDigits(value, 21);
    if (hundreds < 0 || hundreds > 9 || rest < 0) return Number.NaN;
    ms = hundreds * 100 + rest;
  }
  // the same day as the last time read (the common case) is told without cutting it out of the value
  if (lastDay.length === 0 || !value.startsWith(lastDay)) {
    lastDay = value.slice(0, 10);
    lastDayMs = Date.parse(`${lastDay}T00:00:00.000Z`);
  }
  return lastDayMs + ((hours * 60 + minutes) * 60 + seconds) * 1000 + ms;
}

/** The last string isoToMs read and what it gave: a frame's timestamp is read by the normalizer, then judged. */
let lastIso = '';
let lastIsoMs = Number.NaN;

/** Epoch milliseconds of an ISO-8601 string; a time without a zone is UTC, whatever the local zone. */
function isoToMs(value: string): number {
  if (value === lastIso) return lastIsoMs;
  lastIsoMs = readIso(value);
  lastIso = value;
  return lastIsoMs;
}

function readIso(value: string): number {
  const quick = quickUtcToMs(value);
  if (!Number.isNaN(quick)) return quick;
  // most times end in Z or an offset: only a digit at the end can be a naive time
  const last = value.charCodeAt(value.length - 1);
  return Date.parse(last >= 48 && last <= 57 && NAIVE_ISO.test(value) ? `${value}Z` : value);
}

/** A wire timestamp: an ISO-8601 string (a naive one is UTC) or float seconds since the epoch (both occur on real servers). */
export const Timestamp = z.union([
  z.string().refine((s) => !Number.isNaN(isoToMs(s)), { message: 'expected an ISO-8601 timestamp' }),
  z.number().nonnegative(),
]);
export type Timestamp = z.infer<typeof Timestamp>;

/**
 * Timestamp's verdict on a value without going through zod (every frame's timestamp is judged: this allocates
 * nothing). The same verdict as `Timestamp.safeParse(value).success`, which its test proves over any value.
 * @example isTimestamp('2026-01-01T00:00:00Z') // true; isTimestamp(-1) // false
 */
export function isTimestamp(value: unknown): boolean {
  if (typeof value === 'string') return !Number.isNaN(isoToMs(value));
  // zod's number: finite only
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Epoch milliseconds of a wire timestamp, or undefined when it cannot be read. */
export function timestampToMs(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    // float seconds; a value this large is already milliseconds
    return value > 1e11 ? value : value * 1000;
  }
  if (typeof value === 'string') {
    const ms = isoToMs(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
