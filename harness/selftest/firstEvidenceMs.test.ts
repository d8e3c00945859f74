import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Summary } from '../../contracts/Summary.ts';
import { asVersion2 } from '../../contracts/testing/asVersion2.ts';
import { firstEvidenceMs } from './firstEvidenceMs.ts';

const FIXTURE = new URL('../../contracts/fixtures/history-v1-shared-agent-state.jsonl', import.meta.url);

let dir: string;
let walls: number[];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-evidence-'));
  const v1 = await readFile(FIXTURE, 'utf8');
  await writeFile(join(dir, 'v1.jsonl'), v1);
  // a torn last line, as a history of a stopped run may end: the records before it count
  await writeFile(join(dir, 'v2.jsonl'), `${asVersion2(v1)}{"seq":99,"mono":1,"wa`);
  walls = v1
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((line) => (JSON.parse(line) as { wall: number }).wall);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const summaryOf = (history: string, frameIndexes: (number | undefined)[]): Summary =>
  ({
    scenarios: [
      {
        histories: [history],
        findings: frameIndexes.map((frameIndex) => ({ code: 'isolation.foreign_canary', frameIndex })),
      },
    ],
  }) as unknown as Summary;

describe('firstEvidenceMs', () => {
  it.each(['v1.jsonl', 'v2.jsonl'])('reads the earliest proving frame of %s through the history reader', async (h) => {
    const start = walls[0]! - 10;
    expect(await firstEvidenceMs(summaryOf(h, [20, 12]), dir, ['isolation.*'], start)).toBe(walls[12]! - start);
    // a finding without a frame counts at the end of its history
    expect(await firstEvidenceMs(summaryOf(h, [undefined]), dir, ['isolation.*'], start)).toBe(walls.at(-1)! - start);
    expect(await firstEvidenceMs(summaryOf(h, [12]), dir, ['order.*'], start)).toBeUndefined();
  });
});
