/**
 * A Map that forgets its oldest entries (by first insertion) beyond `limit`: the memory of finished runs stays
 * constant however long the history is. Eviction order lives in a ring of keys: evicting with `map.keys().next()`
 * would walk V8's deleted-entry holes and grow slower with every eviction. `get` and `has` are Map's own (hot path).
 */
export class BoundedMap<K, V> extends Map<K, V> {
  private readonly ring: K[] = [];
  private next = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override set(key: K, value: V): this {
    // one lookup: a key already present leaves the size as it was (and keeps its place in the ring)
    const size = this.size;
    super.set(key, value);
    if (this.size === size) return this;
    if (this.ring.length < this.limit) this.ring.push(key);
    else {
      super.delete(this.ring[this.next]!);
      this.ring[this.next] = key;
      this.next = (this.next + 1) % this.limit;
    }
    return this;
  }
}
