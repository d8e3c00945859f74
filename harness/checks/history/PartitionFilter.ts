import { partitionOfLineBytes, readsPartition } from '../partitionOfLine.ts';

const NEWLINE = 10;

/**
 * Cuts a history's bytes, read in chunks of any size, into the text one partition of the users reads: the header,
 * the lines of its users and those every partition gets (partitionOfLine), each line of another partition left empty
 * (its newline kept, so that the reader still counts it). Only what the partition reads is decoded; lines are cut at
 * newline bytes, which no byte of a multi-byte character is, so a character split across two chunks is decoded whole.
 * @example for await (const bytes of stream) parser.push(filter.push(bytes)); parser.push(filter.end());
 */
export class PartitionFilter {
  /** The bytes of the line begun in an earlier chunk (a copy: the stream may reuse its chunks). */
  private rest: Buffer | undefined;
  private out = Buffer.allocUnsafe(0);
  private header = true;

  constructor(
    private readonly index: number,
    private readonly count: number,
  ) {}

  private reads(bytes: Buffer, from: number, to: number): boolean {
    if (this.header) {
      this.header = false;
      return true;
    }
    return readsPartition(partitionOfLineBytes(bytes, from, to, this.count), this.index);
  }

  /** The text of the lines `chunk` completes (with the line begun before it), each ending with its newline. */
  push(chunk: Buffer): string {
    let newline = chunk.indexOf(NEWLINE);
    if (newline === -1) {
      this.rest = this.rest === undefined ? Buffer.from(chunk) : Buffer.concat([this.rest, chunk]);
      return '';
    }
    const need = (this.rest?.length ?? 0) + chunk.length;
    if (this.out.length < need) this.out = Buffer.allocUnsafe(Math.max(need, this.out.length * 2));
    const out = this.out;
    let n = 0;
    let start = 0;
    if (this.rest !== undefined) {
      const line = Buffer.concat([this.rest, chunk.subarray(0, newline)]);
      this.rest = undefined;
      if (this.reads(line, 0, line.length)) n += line.copy(out, n);
      out[n++] = NEWLINE;
      start = newline + 1;
      newline = chunk.indexOf(NEWLINE, start);
    }
    // runs of lines read are copied at once
    let run = start;
    for (; newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      if (!this.reads(chunk, start, newline)) {
        n += chunk.copy(out, n, run, start);
        out[n++] = NEWLINE;
        run = newline + 1;
      }
      start = newline + 1;
    }
    n += chunk.copy(out, n, run, start);
    if (start < chunk.length) this.rest = Buffer.from(chunk.subarray(start));
    return out.toString('utf8', 0, n);
  }

  /** The last line, when the bytes did not end with a newline and the partition reads it (else ''). */
  end(): string {
    const rest = this.rest;
    this.rest = undefined;
    return rest !== undefined && this.reads(rest, 0, rest.length) ? rest.toString('utf8') : '';
  }
}
