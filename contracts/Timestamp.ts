import { z } from 'zod';

/** An ISO time without a zone (the older emitter's): it means UTC. */
const NAIVE_ISO = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/** Epoch milliseconds of an ISO-8601 string; a time without a zone is UTC, whatever the local zone. */
function isoToMs(value: string): number {
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
