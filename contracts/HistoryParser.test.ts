import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { foreignUserId } from './foreignUserId.ts';
import type { ReadRecord } from './history.ts';
import { HistoryLineError } from './HistoryLineError.ts';
import { HistoryParser } from './HistoryParser.ts';
import { asVersion2 } from './testing/asVersion2.ts';

const V1 = readFileSync(new URL('./fixtures/history-v1-shared-agent-state.jsonl', import.meta.url), 'utf8');

function parseInChunks(text: string, size: (i: number) => number, warnings: string[] = []): ReadRecord[] {
  const parser = new HistoryParser({ source: 'h.jsonl', onWarning: (m) => warnings.push(m) });
  const records: ReadRecord[] = [];
  for (let at = 0, i = 0; at < text.length; i++) {
    const n = Math.max(1, size(i));
    records.push(...parser.push(text.slice(at, at + n)));
    at += n;
  }
  records.push(...parser.end());
  return records;
}

describe('HistoryParser', () => {
  const whole = parseInChunks(V1, () => V1.length);

  it('reads a version 1 history with every frame value parsed from its text', () => {
    const frames = whole.filter((r) => r.kind === 'frame');
    expect(frames.length).toBeGreaterThan(30);
    for (const frame of frames) expect(frame.value).toEqual(JSON.parse(frame.text));
  });

  it('gives the same records whatever the chunk sizes, and for the version 2 form of the history', () => {
    expect(parseInChunks(V1, (i) => (i * 7919) % 97)).toEqual(whole);
    expect(parseInChunks(V1, () => 1)).toEqual(whole);
    const v2 = asVersion2(V1);
    expect(v2).toContain('"frame":{');
    expect(parseInChunks(v2, (i) => (i * 104_729) % 1009)).toEqual(whole);
    // Windows line ends: the embedded text is the same, the CR is not part of it
    expect(parseInChunks(v2.replaceAll('\n', '\r\n'), () => 4096)).toEqual(whole);
  });

  it('keeps the header, skips blank lines, and tells a torn last line to onWarning only', () => {
    const parser = new HistoryParser({ source: 'h.jsonl', onWarning: () => {} });
    parser.push(V1.slice(0, V1.indexOf('\n') + 1));
    expect(parser.header).toMatchObject({ kind: 'header', version: 1, scenario: 'two users' });
    const warnings: string[] = [];
    const torn = `${V1}\n\n${V1.split('\n')[3]!.slice(0, 50)}`;
    expect(parseInChunks(torn, () => 333, warnings)).toEqual(whole);
    expect(warnings).toEqual([
      `h.jsonl line ${V1.split('\n').length + 2}: truncated last line ignored (the recorder stopped mid-write)`,
    ]);
  });

  it('throws a HistoryLineError naming the line and the reason', () => {
    const lines = V1.split('\n');
    const bad = [...lines.slice(0, 5), '{"kind":"open","seq":1}', ...lines.slice(5)].join('\n');
    expect(() => parseInChunks(bad, () => 100)).toThrow(HistoryLineError);
    expect(() => parseInChunks(bad, () => 100)).toThrow(/^h\.jsonl line 6: invalid open record: mono: /);
    // the records before the bad line are handed on first; the error comes with the next call
    const parser = new HistoryParser({ source: 'h.jsonl', onWarning: () => {} });
    expect(parser.push(bad)).toEqual(whole.slice(0, 4));
    expect(() => parser.end()).toThrow('h.jsonl line 6: invalid open record');
    expect(() => parseInChunks('', () => 1)).toThrow('h.jsonl line 1: empty file, expected a goldpath.history header');
  });
});

describe('foreignUserId', () => {
  it('is the user id an event names when it is not the receiving user; a welcome may shorten it', () => {
    const user = 'gp-1a2b-u0001';
    expect(foreignUserId({ type: 'agent_started', userId: 'gp-1a2b-u0002' }, user)).toBe('gp-1a2b-u0002');
    expect(foreignUserId({ type: 'agent_started', userId: 'gp-1a2b-...' }, user)).toBe('gp-1a2b-...');
    expect(foreignUserId({ type: 'connection_established', userId: 'gp-1a2b-...' }, user)).toBeUndefined();
    expect(foreignUserId({ type: 'connection_established', userId: 'demo-use...' }, user)).toBe('demo-use...');
    expect(foreignUserId({ type: 'agent_started', userId: user }, user)).toBeUndefined();
    expect(foreignUserId({ type: 'agent_started', userId: undefined }, user)).toBeUndefined();
  });
});
