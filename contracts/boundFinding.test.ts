import { describe, expect, it } from 'vitest';
import { boundFinding, cutValue, MAX_VALUE_CHARS } from './boundFinding.ts';
import type { Finding } from './Finding.ts';

const huge: Finding = {
  code: 'infra.connection_error',
  severity: 'error',
  message: `socket error ${'a'.repeat(300)}: expected no socket error, received ${'b'.repeat(5000)} ${'c '.repeat(2000)}`,
  received: 'b'.repeat(300),
};

describe('boundFinding', () => {
  it('cuts every long value in the message and the fields, saying its full size', () => {
    const bounded = boundFinding(huge);
    expect(bounded.message.startsWith(`socket error ${'a'.repeat(MAX_VALUE_CHARS)}… (300 characters): expected`)).toBe(
      true,
    );
    expect(bounded.message).toContain(`received ${'b'.repeat(MAX_VALUE_CHARS)}… (5000 characters) c c`);
    expect(bounded.message.endsWith(` characters)`)).toBe(true);
    expect(bounded.received).toBe(`${'b'.repeat(MAX_VALUE_CHARS)}… (300 characters)`);
  });

  it('leaves a finding it bounded as it is when applied again', () => {
    const once = boundFinding(huge);
    expect(boundFinding(once)).toEqual(once);
    expect(cutValue(cutValue('x'.repeat(1000)))).toBe(`${'x'.repeat(MAX_VALUE_CHARS)}… (1000 characters)`);
  });
});
