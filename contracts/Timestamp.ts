import { z } from 'zod';

/** A wire timestamp: an ISO-8601 string or float seconds since the epoch (both occur on real servers). */
export const Timestamp = z.union([
  z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: 'expected an ISO-8601 timestamp' }),
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
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
