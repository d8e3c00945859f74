import { describe, expect, it } from 'vitest';
import { ByteArena } from './ByteArena.ts';

describe('ByteArena', () => {
  it('keeps every byte string as it was, across slabs and for strings larger than a slab', () => {
    const arena = new ByteArena();
    const sizes = [0, 1, 700, 4096, 5000, 63 * 1024, 65 * 1024, 300 * 1024, 3, 20_000];
    const kept: Array<{ bytes: Buffer; slab: Buffer; at: number }> = [];
    for (let i = 0; i < 400; i++) {
      const size = sizes[i % sizes.length]!;
      const bytes = Buffer.alloc(size, i % 251);
      const at = arena.keep(bytes);
      kept.push({ bytes, slab: arena.slab, at });
    }
    for (const { bytes, slab, at } of kept) expect(slab.subarray(at, at + bytes.length).equals(bytes)).toBe(true);
    // a string is copied in: changing the original afterwards changes nothing kept
    const original = Buffer.from('{"type":"ping"}');
    const at = arena.keep(original);
    const slab = arena.slab;
    original.fill(0);
    expect(slab.toString('utf8', at, at + original.length)).toBe('{"type":"ping"}');
  });
});
