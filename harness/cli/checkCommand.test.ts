import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildHistory, canary, connect, historyText, runDrafts } from '../checks/testing/historyBuilder.ts';
import { main } from './main.ts';

let dir: string;
let out: string;
let err: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'goldpath-check-'));
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

const golden = () => [
  ...connect('u-7'),
  ...runDrafts({ user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'] }),
];

async function historyFile(name: string, text: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, text);
  return path;
}

describe('goldpath check', () => {
  it('--workers 2 prints the same result as one thread, and --workers 0 is a usage error (exit 2)', async () => {
    const users = ['u-1', 'u-2', 'u-3', 'u-4'];
    const drafts = users.flatMap((user, i) => [
      ...connect(user),
      ...runDrafts({ user, runId: `r-${i}`, canary: canary(i + 1), tools: ['search'] }),
    ]);
    // u-1 drops its agent_completed: one finding to carry through both paths
    const { header, records } = buildHistory(
      drafts.filter((d) => !(d.kind === 'frame' && d.user === 'u-1' && d.meta?.eventType === 'agent_completed')),
    );
    const path = await historyFile('four.jsonl', historyText(header, records));
    expect(await main(['check', path, '--json'])).toBe(1);
    const one = JSON.parse(out) as { findings: { code: string }[] };
    out = '';
    expect(await main(['check', path, '--json', '--workers', '2'])).toBe(1);
    expect(JSON.parse(out)).toEqual(one);
    expect(one.findings.map((f) => f.code)).toEqual(['completeness.run_not_terminated']);
    expect(await main(['check', path, '--workers', '0'])).toBe(2);
    expect(err).toContain('--workers 0: expected a whole number of threads from 1 to 64');
  });

  it('passes a history with tool_name only under data by default, and exits 1 with contract.field_misplaced under --contract strict', async () => {
    const drafts = [
      ...connect('u-7'),
      ...runDrafts({ user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'], shape: 'bridge' }),
    ].map((d) => {
      if (d.kind !== 'frame' || d.payload === undefined || typeof d.payload.tool_name !== 'string') return d;
      const { tool_name, ...rest } = d.payload;
      return { ...d, payload: { ...rest, data: { ...(rest.data as object), tool_name } } };
    });
    const { header, records } = buildHistory(drafts);
    const path = await historyFile('misplaced.jsonl', historyText(header, records));
    expect(await main(['check', path])).toBe(0);
    expect(await main(['check', path, '--contract', 'strict'])).toBe(1);
    expect((out + err).match(/contract\.field_misplaced/g)?.length).toBeGreaterThan(0);
    expect(await main(['check', path, '--contract', 'loose'])).toBe(2);
  });

  it('exits 0 and prints the stats for a clean history', async () => {
    const { header, records } = buildHistory(golden());
    const path = await historyFile('clean.jsonl', historyText(header, records));
    expect(await main(['check', path])).toBe(0);
    expect(out).toBe(
      `goldpath: checked 7 frames: 1 users, 1 connections, 1 requests, 1 runs (1 completed), 5 events; 0 findings\ngoldpath: PASS ${path}\n`,
    );
  });

  it('exits 1 and prints the findings the vitest way', async () => {
    const { header, records } = buildHistory(golden().filter((d) => d.meta?.eventType !== 'tool_executing'));
    const path = await historyFile('broken.jsonl', historyText(header, records));
    expect(await main(['check', path])).toBe(1);
    expect(err).toBe(
      [
        'goldpath:  FAIL  1 finding ',
        'goldpath: ',
        'goldpath: [1/1] order.illegal_transition  user u-7 › run r-3 › frame 5',
        'goldpath:   tool_completed before its tool_executing for tool search (id exec-r-3-0) in run r-3 of user u-7 at frame 5: expected tool_executing first, received tool_completed',
        '',
      ].join('\n'),
    );
    expect(out).toContain('; 1 findings');
    expect(out).toContain(`FAIL ${path}`);
  });

  it('prints the whole result as JSON with --json', async () => {
    const { header, records } = buildHistory(golden());
    const path = await historyFile('clean.jsonl', historyText(header, records));
    expect(await main(['check', path, '--json'])).toBe(0);
    const result = JSON.parse(out);
    expect(result.stats).toEqual({
      users: 1,
      connections: 1,
      requests: 1,
      runs: 1,
      runsCompleted: 1,
      events: 5,
      frames: 7,
    });
    expect(result.shapes).toEqual({ 'S T X:search C:search D': 1 });
  });

  it('applies --unknown-events and --rules', async () => {
    const { header, records } = buildHistory([
      ...golden(),
      { kind: 'frame', dir: 'in', user: 'u-7', conn: 'c-1', text: '{"type":"stream_chunk"}' },
    ]);
    const path = await historyFile('unknown.jsonl', historyText(header, records));
    expect(await main(['check', path])).toBe(0);
    expect(out).toContain('0 findings, 1 warnings');
    expect(await main(['check', path, '--unknown-events', 'error'])).toBe(1);
    expect(await main(['check', path, '--unknown-events', 'ignore', '--rules', '{"version":"x"}'])).toBe(2);
    expect(err).toContain('--rules {"version":"x"} are not golden-path rules');
  });

  it('exits 2 naming the line and the reason of an invalid history', async () => {
    const { header, records } = buildHistory(golden());
    const lines = historyText(header, records).split('\n');
    lines[3] = '{"kind":"frame","seq":"three"}';
    const path = await historyFile('invalid.jsonl', lines.join('\n'));
    expect(await main(['check', path])).toBe(2);
    expect(err).toContain(`${path} line 4: invalid frame record: seq: Invalid input: expected number, received string`);
    expect(await main(['check', join(dir, 'missing.jsonl')])).toBe(2);
    expect(err).toContain(
      `goldpath: ${join(dir, 'missing.jsonl')}: no such file (ENOENT). Is the path right? [GOLDPATH_HISTORY_NOT_FOUND]\n`,
    );
    expect(err).not.toContain('line 1');
  });

  it('shows examples in --help', async () => {
    expect(await main(['check', '--help'])).toBe(0);
    expect(out).toContain('$ goldpath check reports/nightly/golden-path/history.jsonl');
  });
});
