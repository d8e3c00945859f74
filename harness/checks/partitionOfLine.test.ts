import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVERY_PARTITION, partitionOfLine, partitionOfUser } from './partitionOfLine.ts';

/** What a full parse of the line says. */
function parsed(line: string, count: number): number {
  const r = JSON.parse(line) as { kind: string; user?: string };
  return ['frame', 'open', 'close', 'error'].includes(r.kind) && typeof r.user === 'string'
    ? partitionOfUser(r.user, count)
    : EVERY_PARTITION;
}

const record = fc.record({
  kind: fc.constantFrom('frame', 'open', 'close', 'error', 'mark', 'metrics', 'end'),
  user: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
  nested: fc.option(fc.record({ user: fc.string({ maxLength: 6 }), kind: fc.constantFrom('mark', 'frame') }), {
    nil: undefined,
  }),
  order: fc.constantFrom('recorder', 'user first', 'nested first'),
});

describe('partitionOfLine', () => {
  it('agrees with a full parse, whatever the layout, the nesting or the characters of the user', () => {
    fc.assert(
      fc.property(record, fc.integer({ min: 1, max: 4 }), ({ kind, user, nested, order }, count) => {
        const own = { kind, ...(user !== undefined && { user }) };
        const body =
          order === 'recorder'
            ? { seq: 1, mono: 2, wall: 3, ...own, frame: nested }
            : order === 'user first'
              ? { seq: 1, ...(user !== undefined && { user }), kind, frame: nested }
              : { frame: nested, seq: 1, ...own };
        const line = JSON.stringify(body);
        expect(partitionOfLine(line, count)).toBe(parsed(line, count));
      }),
      { numRuns: 2000 },
    );
  });

  it('sends a line that is not JSON to every partition', () => {
    expect(partitionOfLine('{"seq":1,"kind":"frame","user":"u-1"', 2)).toBe(partitionOfUser('u-1', 2));
    expect(partitionOfLine('{"seq":1,"kind":"fr', 2)).toBe(EVERY_PARTITION);
  });
});
