import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { HistoryHeader, HistoryRecord } from '../../contracts/index.ts';
import { buildHistory, canary, connect, historyText, runDrafts, type Draft } from '../checks/testing/historyBuilder.ts';
import { main } from './main.ts';

let dir: string;
let out: string;
let err: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-ending-'));
  out = '';
  err = '';
  process.exitCode = undefined;
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((err += String(chunk)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  process.exitCode = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A history as the recorder writes it (its header promises an end record), with or without that end record. */
async function recorded(drafts: Draft[], end: 'closed' | 'interrupted' | undefined): Promise<string> {
  const built = buildHistory(drafts);
  const header: HistoryHeader = { ...built.header, endRecord: true };
  const records: HistoryRecord[] = [...built.records];
  if (end !== undefined) {
    const last = records.at(-1);
    records.push({
      kind: 'end',
      seq: records.length,
      mono: (last?.mono ?? 0) + 1e6,
      wall: (last?.wall ?? 0) + 1,
      reason: end,
      records: records.length,
    });
  }
  const path = join(dir, `h-${Math.random().toString(16).slice(2)}.jsonl`);
  await writeFile(path, historyText(header, records));
  return path;
}

const finished = (n: number): Draft[] =>
  runDrafts({ user: 'u-7', runId: `r-${n}`, canary: canary(n), tools: ['search'] });
/** A run cut after agent_thinking, and a request with no run yet. */
const cutOff = (): Draft[] => [
  ...connect('u-7'),
  ...finished(1),
  ...finished(2).slice(0, 3),
  ...finished(3).slice(0, 1),
];

describe('goldpath check on a history that says how it ended', () => {
  it('reports open runs of a history without its end record as not observed to the end, and passes what it saw', async () => {
    const path = await recorded(cutOff(), undefined);
    expect(await main(['check', path])).toBe(0);
    expect(out).toContain('0 findings');
    expect(err).toBe(
      `goldpath: the recording stopped early (no end record: the recorder was killed or the file was cut) after 12 records; 1 run and 1 request still open then were not observed to the end and are not counted as findings; findings cover only what was observed\n`,
    );
  });

  it('holds the same runs to their end when the history closed cleanly', async () => {
    const path = await recorded(cutOff(), 'closed');
    expect(await main(['check', path])).toBe(1);
    expect(err).toContain('completeness.run_not_terminated');
    expect(err).toContain('completeness.no_run_for_request');
    expect(err).not.toContain('stopped early');
  });

  it('says a stop signal interrupted the recording', async () => {
    const path = await recorded(cutOff(), 'interrupted');
    expect(await main(['check', path])).toBe(0);
    expect(err).toContain(
      'goldpath: the recording was interrupted by a stop signal after 12 records; 1 run and 1 request still open then',
    );
  });

  it('exits 1 for what was observed before the cut, and only for that', async () => {
    const broken = cutOff().filter((d) => !(d.meta?.runId === 'r-1' && d.meta.eventType === 'agent_thinking'));
    const path = await recorded(broken, undefined);
    expect(await main(['check', path])).toBe(1);
    expect(err).toContain('completeness.missing_event_type');
    expect(err).not.toContain('run_not_terminated');
    expect(err).not.toContain('no_run_for_request');
  });

  it('calls a header-only history nothing recorded and exits 1', async () => {
    const path = await recorded([], undefined);
    expect(await main(['check', path])).toBe(1);
    expect(err).toContain(
      `goldpath: nothing recorded: ${path} holds no frame after its header, so there is nothing to check\n`,
    );
    expect(out).toContain(`goldpath: FAIL ${path}`);
  });
});
