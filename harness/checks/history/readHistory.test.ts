import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HistoryParser, type HistoryRecord, type ReadRecord } from '../../../contracts/index.ts';
import { historyText, makeHeader, T0 } from '../testing/historyBuilder.ts';
import { partitionOfUser } from '../partitionOfLine.ts';
import { iterateHistory, READ_CHUNK_BYTES } from './readHistory.ts';

/** Frames of users u-0..u-4 whose texts hold multi-byte characters at every offset, over 2.5 MiB; marks among them. */
function records(): HistoryRecord[] {
  const out: HistoryRecord[] = [];
  const pieces = ['é', '€', '😀', 'a'];
  for (let seq = 0, bytes = 0; bytes < 2.5 * 16 * READ_CHUNK_BYTES; seq++) {
    const note = Array.from({ length: 40 + (seq % 997) }, (_, i) => pieces[(seq + i) % pieces.length]).join('');
    const record: HistoryRecord =
      seq % 50 === 7
        ? { seq, mono: seq, wall: T0 + seq, kind: 'mark', name: note }
        : (() => {
            const text = JSON.stringify({ type: 'agent_thinking', reasoning: note });
            return {
              seq,
              mono: seq,
              wall: T0 + seq,
              kind: 'frame',
              user: seq % 11 === 3 ? `ü-${seq % 5}` : `u-${seq % 5}`,
              conn: 'c-1',
              dir: 'in',
              text,
              size: Buffer.byteLength(text),
              parse: 'json',
            };
          })();
    bytes += Buffer.byteLength(JSON.stringify(record)) + 1;
    out.push(record);
  }
  return out;
}

const seqs = (list: readonly ReadRecord[]) => list.map((r) => ('seq' in r ? r.seq : -1));

describe('iterateHistory', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('reads multi-byte characters cut by its chunks whole, in one thread and in each partition', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'goldpath-read-'));
    dirs.push(dir);
    const path = join(dir, 'history.jsonl');
    const text = historyText(makeHeader(), records());
    await writeFile(path, text);
    const parser = new HistoryParser({ source: path, onWarning: () => {} });
    const expected = [...parser.push(text), ...parser.end()];
    const all: ReadRecord[] = [];
    for await (const record of iterateHistory(path)) all.push(record);
    expect(all).toEqual(expected);

    const parts: ReadRecord[][] = [[], []];
    for (const index of [0, 1])
      for await (const record of iterateHistory(path, { partition: { index, count: 2 } })) parts[index]!.push(record);
    const shared = expected.filter((r) => r.kind === 'mark');
    for (const index of [0, 1]) {
      const own = expected.filter(
        (r) => r.kind === 'mark' || (r.kind === 'frame' && partitionOfUser(r.user, 2) === index),
      );
      expect(parts[index]).toEqual(own);
      expect(own.length).toBeGreaterThan(shared.length);
    }
    expect(parts[0]!.length + parts[1]!.length - shared.length).toBe(expected.length);
    expect(seqs(all)).toEqual(seqs(expected));
  });
});
