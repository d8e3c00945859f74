import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isTimestamp, Timestamp, timestampToMs } from './Timestamp.ts';

/** What Date.parse makes of a wire time (a naive one is UTC): the reading before the quick path. */
function slow(value: string): number | undefined {
  const ms = Date.parse(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

const digits = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
/** Times in and near the quick form: digits anywhere, both lengths, sometimes a wrong character. */
const nearIso = fc
  .tuple(
    digits(4),
    digits(2),
    digits(2),
    digits(2),
    digits(2),
    digits(2),
    digits(3),
    fc.constantFrom('Z', 'z', '', '+01:00'),
  )
  .chain(([y, mo, d, h, mi, s, ms, zone]) =>
    fc.constantFrom(
      `${y}-${mo}-${d}T${h}:${mi}:${s}.${ms}${zone}`,
      `${y}-${mo}-${d}T${h}:${mi}:${s}${zone}`,
      `${y}-${mo}-${d} ${h}:${mi}:${s}.${ms}${zone}`,
      `${y}/${mo}/${d}T${h}:${mi}:${s}.${ms}${zone}`,
      `2026-${mo}-${d}T${h}:${mi}:${s}.${ms}Z`,
      `2026-01-${d}T${h}:${mi}:${s}.${ms}Z`,
    ),
  );

describe('isTimestamp', () => {
  it("gives Timestamp's verdict on any value: times, numbers of every kind, and other JSON", () => {
    const anyNumber = fc.oneof(
      fc.double(),
      fc.integer(),
      fc.constantFrom(0, -0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e300),
    );
    fc.assert(
      fc.property(fc.oneof(nearIso, fc.string(), anyNumber, fc.jsonValue()), (value) => {
        expect(isTimestamp(value)).toBe(Timestamp.safeParse(value).success);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('timestampToMs', () => {
  it('reads every time like Date.parse does, over times in and near the quick form', () => {
    fc.assert(
      fc.property(nearIso, (value) => {
        expect(timestampToMs(value)).toBe(slow(value));
        expect(Timestamp.safeParse(value).success).toBe(slow(value) !== undefined);
      }),
      { numRuns: 2000 },
    );
  });

  it('reads the quick form across days, and rejects what Date.parse rejects', () => {
    for (const value of [
      '2026-01-01T00:00:00.000Z',
      '2026-01-01T23:59:59.999Z',
      '2026-01-02T12:00:00Z',
      '2024-02-29T10:11:12.345Z',
      '2026-02-30T10:11:12.345Z',
      '2026-13-01T10:11:12.345Z',
      '2026-01-01T24:00:00.000Z',
      '2026-01-01T10:60:00.000Z',
      '2026-01-01T10:00:60.000Z',
      '2026-01-01T10:00:00.00xZ',
    ])
      expect([value, timestampToMs(value)]).toEqual([value, slow(value)]);
  });
});
