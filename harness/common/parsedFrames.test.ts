import { describe, expect, it } from 'vitest';
import { INVALID_JSON, rememberParsed, takeParsed } from './parsedFrames.ts';

describe('parsedFrames', () => {
  it("hands the recorder's parsed value to the next reader once", () => {
    const data = Buffer.from('{"type":"pong"}');
    rememberParsed(data, { type: 'pong' });
    expect(takeParsed(data)).toEqual({ type: 'pong' });
    expect(takeParsed(data)).toBeUndefined();
  });

  it('remembers invalid JSON and ignores frames it never saw', () => {
    const bad = Buffer.from('{nope');
    rememberParsed(bad, INVALID_JSON);
    expect(takeParsed(bad)).toBe(INVALID_JSON);
    expect(takeParsed(Buffer.from('{}'))).toBeUndefined();
    expect(takeParsed('text')).toBeUndefined();
  });
});
