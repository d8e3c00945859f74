import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  ClientMessage,
  DEFAULT_GOLDEN_PATH_RULES,
  DialectError,
  GoldenPathRules,
  KNOWN_SERVER_TYPES,
  ServerMessage,
  findCanaries,
  makeCanary,
  normalizeNetraFrame,
  timestampToMs,
} from './index.ts';
import { renderJsonSchemas } from './renderJsonSchemas.ts';

const iso = '2026-11-24T10:00:00.000Z';
const emitter = {
  user_id: 'user-a',
  thread_id: 'thread_1',
  run_id: 'run_1',
  request_id: 'req_1',
  agent_name: 'supervisor',
  critical: true,
  timestamp: iso,
};

describe('client messages', () => {
  it('accepts start_agent nested and flat, and rejects one without user_request', () => {
    expect(
      ClientMessage.safeParse({
        type: 'start_agent',
        payload: { user_request: 'hi', thread_id: null, context: { source: 'message_input' }, settings: {} },
      }).success,
    ).toBe(true);
    expect(ClientMessage.safeParse({ type: 'start_agent', user_request: 'hi' }).success).toBe(true);
    const bad = ClientMessage.safeParse({ type: 'start_agent', payload: {} });
    expect(bad.success).toBe(false);
  });

  it('accepts user_message with content, message or text, and rejects one with none', () => {
    for (const key of ['content', 'message', 'text']) {
      expect(ClientMessage.safeParse({ type: 'user_message', payload: { [key]: 'x', thread_id: 't' } }).success).toBe(
        true,
      );
      expect(ClientMessage.safeParse({ type: 'user_message', [key]: 'x' }).success).toBe(true);
    }
    const bad = ClientMessage.safeParse({ type: 'user_message', payload: { thread_id: 't' } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(z.prettifyError(bad.error)).toContain('user_message needs content, message or text');
  });
});

describe('server messages', () => {
  it('accepts the five events in the emitter shape', () => {
    const frames = [
      { ...emitter, type: 'agent_started', task_description: 'x' },
      { ...emitter, type: 'agent_thinking', reasoning: 'Looking at the request now' },
      { ...emitter, type: 'tool_executing', tool_name: 'search', tool_args: {}, parameters: {}, execution_id: 'e1' },
      {
        ...emitter,
        type: 'tool_completed',
        tool_name: 'search',
        results: {},
        execution_time: 1,
        duration: 1,
        execution_id: 'e1',
        success: true,
      },
      { ...emitter, type: 'agent_completed', status: 'completed', final_response: 'Here is the final answer to you.' },
    ];
    for (const frame of frames) expect(ServerMessage.safeParse(frame).success, frame.type).toBe(true);
  });

  it('accepts the bridge shape with details under data and float timestamps', () => {
    const frame = {
      type: 'tool_completed',
      run_id: 'r',
      user_id: 'u',
      agent_name: 'a',
      tool_name: 'search',
      results: { ok: 1 },
      timestamp: 1764000000.25,
      data: { execution_time_ms: 3 },
    };
    expect(ServerMessage.safeParse(frame).success).toBe(true);
    const thinking = {
      type: 'agent_thinking',
      run_id: 'r',
      timestamp: iso,
      data: { reasoning: 'Considering the options carefully' },
    };
    expect(ServerMessage.safeParse(thinking).success).toBe(true);
  });

  it('rejects tool_completed without results, naming the field', () => {
    const result = ServerMessage.safeParse({ ...emitter, type: 'tool_completed', tool_name: 'search', result: {} });
    expect(result.success).toBe(false);
    if (!result.success) expect(z.prettifyError(result.error)).toContain('tool_completed needs results');
  });

  it('rejects short reasoning and a non-numeric duration', () => {
    expect(ServerMessage.safeParse({ ...emitter, type: 'agent_thinking', reasoning: 'short' }).success).toBe(false);
    expect(
      ServerMessage.safeParse({ ...emitter, type: 'tool_completed', tool_name: 't', results: 1, duration: '3' })
        .success,
    ).toBe(false);
  });

  it('knows the welcome, errors, pong, heartbeat and ack, and no unknown type', () => {
    expect(
      ServerMessage.safeParse({
        type: 'connection_established',
        data: { mode: 'main', user_id: 'abcd1234...', connection_id: 'main_1' },
        timestamp: 1,
      }).success,
    ).toBe(true);
    expect(
      ServerMessage.safeParse({ type: 'error_message', error_code: 'AUTH_FAILED', error_message: 'bad token' }).success,
    ).toBe(true);
    expect(ServerMessage.safeParse({ type: 'error', data: { error_code: 'X' } }).success).toBe(true);
    expect(ServerMessage.safeParse({ type: 'ack', received_type: 'foo', status: 'acknowledged' }).success).toBe(true);
    expect(KNOWN_SERVER_TYPES.has('pong')).toBe(true);
    expect(KNOWN_SERVER_TYPES.has('stream_chunk')).toBe(false);
  });
});

describe('normalizeNetraFrame', () => {
  it('reads the top level, then data, then payload', () => {
    const event = normalizeNetraFrame({
      type: 'tool_executing',
      run_id: 'top',
      data: { run_id: 'data', tool_name: 'search' },
      payload: { user_id: 'u1', execution_id: 'e9', timestamp: 1764000000 },
    });
    expect(event).toMatchObject({
      type: 'tool_executing',
      runId: 'top',
      toolName: 'search',
      userId: 'u1',
      toolCallId: 'e9',
      at: 1764000000000,
    });
  });

  it('throws a DialectError that says what it received', () => {
    expect(() => normalizeNetraFrame([1])).toThrow(DialectError);
    expect(() => normalizeNetraFrame({ run_id: 'r' })).toThrow(
      'netra dialect cannot map this frame: expected a string "type", received undefined',
    );
  });

  it('reads ISO and float-second timestamps alike', () => {
    expect(timestampToMs(iso)).toBe(Date.parse(iso));
    expect(timestampToMs(1764000000.5)).toBe(1764000000500);
    expect(timestampToMs('yesterday')).toBeUndefined();
  });
});

describe('rules, canaries and JSON Schema', () => {
  it('ships default rules that validate against their own schema', () => {
    expect(GoldenPathRules.parse(DEFAULT_GOLDEN_PATH_RULES)).toEqual(DEFAULT_GOLDEN_PATH_RULES);
    expect(DEFAULT_GOLDEN_PATH_RULES.follows.agent_completed).toEqual([]);
  });

  it('finds canaries inside any text', () => {
    const a = makeCanary();
    const b = makeCanary();
    expect(a).not.toBe(b);
    expect(findCanaries(`quote "${a}" and ${b}.`)).toEqual([a, b]);
  });

  it('has committed JSON Schema files that match the contracts (run npm run contracts:json-schema)', async () => {
    const dir = new URL('./json-schema/', import.meta.url);
    const rendered = renderJsonSchemas();
    expect((await readdir(dir)).sort()).toEqual([...rendered.keys()].sort());
    for (const [name, text] of rendered) {
      expect(await readFile(new URL(name, dir), 'utf8'), `${name} is stale: run npm run contracts:json-schema`).toBe(
        text,
      );
    }
  });
});
