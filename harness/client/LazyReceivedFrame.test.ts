import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ByteArena } from './ByteArena.ts';
import { LazyReceivedFrame } from './LazyReceivedFrame.ts';

const text = '{"type":"agent_started","run_id":"r-1","data":{"agent_name":"Supervisor","steps":[1,2]}}';

function arrived(): LazyReceivedFrame {
  return new LazyReceivedFrame(
    'agent_started',
    12.5,
    new ByteArena(),
    Buffer.from(text),
    JSON.parse(text) as Record<string, unknown>,
  );
}

describe('LazyReceivedFrame', () => {
  it('gives, once released, the frame its bytes parse to, the same object on every read', () => {
    const frame = arrived();
    frame.release();
    const first = frame.frame;
    expect(first).toEqual(JSON.parse(text));
    expect(frame.frame).toBe(first);
    expect(frame.type).toBe('agent_started');
    expect(frame.at).toBe(12.5);
  });

  it('keeps the value it arrived with when that was read before the release', () => {
    const value = JSON.parse(text) as Record<string, unknown>;
    const frame = new LazyReceivedFrame('agent_started', 1, new ByteArena(), Buffer.from(text), value);
    expect(frame.frame).toBe(value);
    frame.release();
    expect(frame.frame).toBe(value);
  });

  it('keeps what a reader changed or set', () => {
    const frame = arrived();
    frame.release();
    frame.frame.extra = 1;
    expect(frame.frame.extra).toBe(1);
    frame.frame = { type: 'replaced' };
    frame.release();
    expect(frame.frame).toEqual({ type: 'replaced' });
  });

  it('serialises and prints as the plain frame it stands for', () => {
    const frame = arrived();
    frame.release();
    const plain = { type: 'agent_started', at: 12.5, frame: JSON.parse(text) as unknown };
    expect(JSON.parse(JSON.stringify(frame))).toEqual(plain);
    expect(inspect(frame)).toBe(inspect(plain));
  });

  it('is copied and compared as a plain frame: spread, Object.keys and deep equality see `frame`', () => {
    const frame = arrived();
    frame.release();
    const plain = { type: 'agent_started', at: 12.5, frame: JSON.parse(text) as unknown };
    expect(Object.keys(frame)).toEqual(['type', 'at', 'frame']);
    expect({ ...frame }).toEqual(plain);
    expect(frame).toEqual(plain);
    expect({ ...frame }.frame).toBe(frame.frame);
  });
});
