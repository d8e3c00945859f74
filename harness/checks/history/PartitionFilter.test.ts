import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EVERY_PARTITION, partitionOfLine } from '../partitionOfLine.ts';
import { PartitionFilter } from './PartitionFilter.ts';

/** What partition `index` of `count` reads of a history's text: the header, its lines, the others emptied. */
function expected(text: string, index: number, count: number): string {
  return text
    .split('\n')
    .map((line, i) => {
      if (i === 0) return line;
      const partition = partitionOfLine(line, count);
      return partition === index || partition === EVERY_PARTITION ? line : '';
    })
    .join('\n');
}

/** The text the filter gives for `bytes` cut at `cuts`. */
function filtered(bytes: Buffer, cuts: number[], index: number, count: number): string {
  const filter = new PartitionFilter(index, count);
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let text = '';
  let from = 0;
  for (const to of [...at, bytes.length]) {
    // the chunk is overwritten once pushed, as the reader reuses its buffer: the filter keeps nothing of it
    const chunk = Buffer.from(bytes.subarray(from, to));
    text += filter.push(chunk);
    chunk.fill(0);
    from = to;
  }
  return text + filter.end();
}

const user = fc.string({ unit: fc.constantFrom('a', 'b', 'é', '€', '😀', '\\'), minLength: 1, maxLength: 5 });
const line = fc.oneof(
  fc
    .record({ kind: fc.constantFrom('frame', 'open', 'close', 'mark', 'end'), user, note: user })
    .map((r) => JSON.stringify({ seq: 1, ...r })),
  fc.constantFrom('', '  ', '{"kind":"fr', 'not json ☃', '{"kind":"frame","user":"u-é"}\r'),
);

describe('PartitionFilter', () => {
  it('gives the header, its partition lines and an empty line for each other, however the bytes are cut', () => {
    fc.assert(
      fc.property(
        fc.array(line, { maxLength: 12 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 10 }),
        fc.integer({ min: 1, max: 3 }),
        fc.nat(),
        (lines, newlineAtEnd, cuts, count, pick) => {
          const text = `{"kind":"header","user":"h"}\n${lines.join('\n')}${newlineAtEnd ? '\n' : ''}`;
          const index = pick % count;
          expect(filtered(Buffer.from(text), cuts, index, count)).toBe(expected(text, index, count));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('decodes a character whose bytes two chunks split, in a line it reads and in one it leaves', () => {
    const text = '{"kind":"header"}\n{"kind":"open","user":"😀"}\n{"kind":"mark","note":"€😀"}\n';
    const bytes = Buffer.from(text);
    for (let cut = 1; cut < bytes.length; cut++)
      for (let index = 0; index < 2; index++) expect(filtered(bytes, [cut], index, 2)).toBe(expected(text, index, 2));
  });
});
