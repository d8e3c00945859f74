import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVERY_PARTITION, partitionOfLine, partitionOfLineBytes, partitionOfUser } from './partitionOfLine.ts';

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

  it('reads the same partition from the bytes of a line, whatever its characters, inside a larger buffer', () => {
    const text = fc.string({ unit: fc.constantFrom('a', 'é', '€', '😀', '"', '\\', '{', '\n'), maxLength: 8 });
    fc.assert(
      fc.property(record, text, fc.integer({ min: 1, max: 4 }), ({ kind, user, nested, order }, other, count) => {
        // users with multi-byte characters and escapes
        const own = { kind, ...(user !== undefined && { user: `${user}${other}` }) };
        const line = JSON.stringify(
          order === 'recorder' ? { seq: 1, ...own, frame: nested, other } : { other, ...own, frame: nested },
        );
        // the next line names another user: nothing after the line may be read
        const bytes = Buffer.from(`${other}\n${line}\n{"kind":"open","user":"u-${other}"}`);
        const from = Buffer.byteLength(`${other}\n`);
        const to = from + Buffer.byteLength(line);
        expect(partitionOfLineBytes(bytes, from, to, count)).toBe(partitionOfLine(line, count));
      }),
      { numRuns: 2000 },
    );
    const cut = Buffer.from('{"seq":1,"kind":"frame","user":"u-1"}');
    expect(partitionOfLineBytes(cut, 0, 20, 2)).toBe(partitionOfLine(cut.toString('utf8', 0, 20), 2));
    expect(partitionOfLineBytes(cut, 0, 34, 2)).toBe(partitionOfLine(cut.toString('utf8', 0, 34), 2));
  });

  it('sends a line that is not JSON to every partition', () => {
    expect(partitionOfLine('{"seq":1,"kind":"frame","user":"u-1"', 2)).toBe(partitionOfUser('u-1', 2));
    expect(partitionOfLine('{"seq":1,"kind":"fr', 2)).toBe(EVERY_PARTITION);
  });
});
