import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ServerMessage } from '../../contracts/index.ts';
import { ValidationMemo } from './ValidationMemo.ts';

const TYPES = [
  'agent_started',
  'agent_thinking',
  'tool_executing',
  'tool_completed',
  'agent_completed',
  'agent_error',
  'connection_established',
  'error_message',
  'ack',
];
const FIELDS = [
  'timestamp',
  'run_id',
  'user_id',
  'thread_id',
  'reasoning',
  'tool_name',
  'results',
  'final_response',
  'duration',
  'critical',
  'error_code',
  'error_message',
  'received_type',
  'status',
  'connection_id',
  'data',
  'payload',
];

const value: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    '',
    'x',
    'ten chars!',
    'eleven char',
    'exactly twenty chars',
    'twenty-one characters',
    '2026-01-01T00:00:00.000Z',
    'not a date at all',
    '1717000000',
  ),
  fc.constantFrom(0, -1, 1717000000.5, 12),
  fc.constantFrom(null, true, false),
  fc.constant({}),
  fc.constant([]),
);
const body = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 6 });
const frame = fc
  .record({
    type: fc.constantFrom(...TYPES),
    top: body,
    data: fc.option(body, { nil: undefined }),
    payload: fc.option(body, { nil: undefined }),
  })
  .map(({ type, top, data, payload }) => ({
    ...top,
    type,
    ...(data !== undefined && { data }),
    ...(payload !== undefined && { payload }),
  }));

describe('ValidationMemo', () => {
  it('never calls a frame valid that the schema rejects, over many frames of repeating structures', () => {
    fc.assert(
      fc.property(fc.array(frame, { minLength: 20, maxLength: 100 }), (frames) => {
        const memo = new ValidationMemo(ServerMessage);
        for (const json of frames) {
          const full = ServerMessage.safeParse(json).success;
          if (memo.known(json)) expect({ json, full }).toEqual({ json, full: true });
          else if (full) memo.remember(json);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('remembers a valid structure and still rejects a short reasoning or a bad timestamp in it', () => {
    const memo = new ValidationMemo(ServerMessage);
    const ok = {
      type: 'agent_thinking',
      timestamp: '2026-01-01T00:00:00.000Z',
      run_id: 'r-1',
      reasoning: 'a reasoning of some length',
    };
    expect(memo.known(ok)).toBe(false);
    memo.remember(ok);
    expect(memo.known({ ...ok, run_id: 'r-2', reasoning: 'another long reasoning' })).toBe(true);
    expect(memo.known({ ...ok, reasoning: 'too short' })).toBe(false);
    expect(memo.known({ ...ok, timestamp: 'yesterday-ish' })).toBe(false);
    expect(memo.known({ ...ok, run_id: 7 })).toBe(false);
  });
});
