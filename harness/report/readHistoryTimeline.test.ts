import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asVersion2 } from '../../contracts/testing/asVersion2.ts';
import { checkHistoryFile } from '../checks/checkHistory.ts';
import { readHistoryTimeline } from './readHistoryTimeline.ts';
import { goldenRun, writeHistory } from './testing/makeHistory.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-timeline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('readHistoryTimeline', () => {
  it('marks as foreign exactly the events the isolation check reports, in a version 1 and a version 2 history', async () => {
    const v1 = join(dir, 'leak.v1.jsonl');
    await writeHistory(v1, [
      ...goldenRun('u-1', 'r-1', 0),
      // another user's id, and this user's id shortened outside a welcome: both foreign user ids to the isolation check
      { user: 'u-2', run: 'r-2', type: 'agent_started', at: 5, userId: 'u-1' },
      { user: 'u-2', run: 'r-2', type: 'agent_thinking', at: 15, userId: 'u-...' },
      { user: 'u-2', run: 'r-2', type: 'agent_completed', at: 25 },
    ]);
    const v2 = join(dir, 'leak.v2.jsonl');
    await writeFile(v2, asVersion2(await readFile(v1, 'utf8')));
    const reported = (await checkHistoryFile(v1)).findings
      .filter((f) => f.code === 'isolation.foreign_user_id')
      .map((f) => `${f.user}:${f.received}`);
    expect(reported).toEqual(['u-2:u-1', 'u-2:u-...']);
    for (const file of [v1, v2]) {
      const timeline = await readHistoryTimeline(file, 'histories/leak.jsonl');
      expect(timeline.error).toBeUndefined();
      const drawn = timeline.lanes.flatMap((lane) => lane.events.map((e) => `${lane.user}:${e.foreign ?? '-'}`));
      expect(drawn.filter((d) => !d.endsWith(':-'))).toEqual(reported);
      expect(timeline.lanes.map((lane) => [lane.user, lane.runId, lane.events.length])).toEqual([
        ['u-1', 'r-1', 5],
        ['u-2', 'r-2', 3],
      ]);
    }
  });

  it('draws the lanes before a bad line and says why the rest is not drawn', async () => {
    const file = join(dir, 'bad.jsonl');
    await writeHistory(file, [...goldenRun('u-1', 'r-1', 0), ...goldenRun('u-1', 'r-2', 100)]);
    const lines = (await readFile(file, 'utf8')).split('\n');
    await writeFile(file, [...lines.slice(0, 6), '{"kind":"frame"', ...lines.slice(6)].join('\n'));
    const timeline = await readHistoryTimeline(file, 'histories/bad.jsonl');
    expect(timeline.error).toMatch(/^histories\/bad\.jsonl line 7: invalid JSON/);
    expect(timeline.lanes.map((lane) => [lane.runId, lane.events.length])).toEqual([['r-1', 3]]);
  });
});
