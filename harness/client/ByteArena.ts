/** The first slab of an arena; each next one is twice as large, up to MAX_SLAB. */
const FIRST_SLAB = 1024;
const MAX_SLAB = 256 * 1024;
/** Where an arena stands before it keeps anything (shared: it is never written). */
const NO_SLAB = Buffer.alloc(0);

/**
 * Keeps many small byte strings in a few large buffers: one buffer object per slab instead of one per string, so a
 * user that keeps every frame it received holds the collector to a few objects, not one per frame. Slabs grow from
 * 1 KiB (a user that receives little keeps little: its welcome fits) to 256 KiB; a string larger than a quarter of that gets a slab of
 * its own. Bytes once kept are never moved nor overwritten.
 * @example const at = arena.keep(bytes); const slab = arena.slab; slab.toString('utf8', at, at + bytes.length)
 */
export class ByteArena {
  /** The slab that the last `keep()` wrote into. */
  slab: Buffer = NO_SLAB;
  private open: Buffer = this.slab;
  private used = 0;
  private nextSize = FIRST_SLAB;

  /** Copies `bytes` in and returns where they start in `this.slab`. */
  keep(bytes: Uint8Array): number {
    const length = bytes.length;
    if (length > MAX_SLAB / 4) {
      this.slab = Buffer.allocUnsafeSlow(length);
      this.slab.set(bytes);
      return 0;
    }
    if (this.used + length > this.open.length) {
      while (this.nextSize < length) this.nextSize *= 2;
      this.open = Buffer.allocUnsafeSlow(this.nextSize);
      this.used = 0;
      this.nextSize = Math.min(MAX_SLAB, this.nextSize * 2);
    }
    const at = this.used;
    this.open.set(bytes, at);
    this.used += length;
    this.slab = this.open;
    return at;
  }
}
