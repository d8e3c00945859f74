import { describe, expect, it } from 'vitest';
import { checkContract } from './contractCheck.ts';
import {
  buildHistory,
  canary,
  connect,
  eventDraft,
  runDrafts,
  type Draft,
  type RunSpec,
} from './testing/historyBuilder.ts';
import type { CheckOptions } from './CheckOptions.ts';

const spec: RunSpec = { user: 'u-7', runId: 'r-3', canary: canary(1), tools: ['search'] };

async function findings(drafts: Draft[], options: CheckOptions = {}) {
  const { header, records } = buildHistory(drafts);
  return checkContract(header, records, options);
}

const inFrame = (text: string): Draft => ({ kind: 'frame', dir: 'in', user: 'u-7', conn: 'c-1', text });

describe('contractCheck', () => {
  it('finds nothing in frames of both emission shapes', async () => {
    expect(
      await findings([...connect('u-7'), ...runDrafts(spec), ...runDrafts({ ...spec, runId: 'r-4', shape: 'bridge' })]),
    ).toEqual([]);
  });

  it('reports a tool_completed without results', async () => {
    const drafts = [...connect('u-7'), ...runDrafts(spec)];
    const at = drafts.findIndex((d) => d.meta?.eventType === 'tool_completed');
    drafts[at] = eventDraft(spec, 'tool_completed', {
      tool_name: 'search',
      result: 'ok',
      execution_id: 'exec-r-3-0',
      duration: 0.1,
    });
    const result = await findings(drafts);
    expect(result.map((f) => [f.code, f.runId, f.frameIndex, f.expected])).toEqual([
      [
        'contract.schema_mismatch',
        'r-3',
        6,
        'tool_completed needs results (at the top level, under data or under payload)',
      ],
    ]);
    expect(result[0]?.message).toMatch(
      /^tool_completed breaks its contract in run r-3 of user u-7 at frame 6: expected tool_completed needs results \(at the top level, under data or under payload\), received "\{/,
    );
  });

  it('reports invalid JSON, a binary frame and an unmappable frame', async () => {
    const { header, records } = buildHistory([...connect('u-7'), inFrame('{"type":'), inFrame('[1,2]')]);
    records[2] = { ...records[2]!, parse: 'invalid_json' } as (typeof records)[number];
    records.push({
      kind: 'frame',
      seq: 4,
      mono: 4,
      wall: 4,
      user: 'u-7',
      conn: 'c-1',
      dir: 'in',
      text: 'AAEC',
      binary: true,
      size: 3,
      parse: 'binary',
    });
    expect((await checkContract(header, records)).map((f) => f.message)).toEqual([
      'invalid JSON on socket c-1 of user u-7 at frame 2: expected a JSON text frame, received "{\\"type\\":"',
      'unmappable frame on socket c-1 of user u-7 at frame 3: expected a JSON object with a string "type", received expected a JSON object, received an array',
      'binary frame on socket c-1 of user u-7 at frame 4: expected a JSON text frame, received 3 bytes of binary',
    ]);
  });

  it('reports each unknown event type once, with a count, as the option says', async () => {
    const drafts = [
      ...connect('u-7'),
      inFrame('{"type":"stream_chunk","run_id":"r-3"}'),
      inFrame('{"type":"stream_chunk","run_id":"r-3"}'),
    ];
    const warned = await findings(drafts);
    expect(warned.map((f) => [f.severity, f.message])).toEqual([
      [
        'warning',
        "unknown event type stream_chunk in run r-3 of user u-7 at frame 2 (and 1 more): expected one of the contract's types, received stream_chunk",
      ],
    ]);
    expect((await findings(drafts, { unknownEvents: 'error' }))[0]?.severity).toBe('error');
    expect(await findings(drafts, { unknownEvents: 'ignore' })).toEqual([]);
  });
});

describe('contractCheck with strict placement (--contract strict)', () => {
  const tool = (where: 'top' | 'data'): Draft => {
    const body = { type: 'tool_executing', run_id: 'r-3', user_id: 'u-7', agent_name: 'data', timestamp: 1764000000.5 };
    return inFrame(
      JSON.stringify(
        where === 'top'
          ? { ...body, tool_name: 'query_metrics', data: { parameters: {} } }
          : { ...body, data: { tool_name: 'query_metrics', parameters: {} } },
      ),
    );
  };

  it('passes tool_name at the top level', async () => {
    expect(await findings([...connect('u-7'), tool('top')], { contract: 'strict' })).toEqual([]);
  });

  it('reports tool_name found only under data, and only when strict', async () => {
    const strict = await findings([...connect('u-7'), tool('data')], { contract: 'strict' });
    expect(strict.map((f) => [f.code, f.severity, f.message])).toEqual([
      [
        'contract.field_misplaced',
        'error',
        'tool_executing has tool_name only under data in run r-3 of user u-7 at frame 2: expected tool_name at the top level, received tool_name under data. A client reads it only where expected',
      ],
    ]);
    expect(await findings([...connect('u-7'), tool('data')])).toEqual([]);
    expect(await findings([...connect('u-7'), tool('data')], { contract: 'lenient' })).toEqual([]);
  });

  it('reports run_id found only under payload', async () => {
    const frame = inFrame(JSON.stringify({ type: 'agent_completed', payload: { run_id: 'r-3', response: 'x' } }));
    expect((await findings([...connect('u-7'), frame], { contract: 'strict' })).map((f) => f.code)).toEqual([
      'contract.field_misplaced',
    ]);
  });
});
