/**
 * A Map that forgets its oldest entries (by first insertion) beyond `limit`: the memory of finished runs stays
 * constant however long the history is. Eviction order lives in a ring of keys: evicting with `map.keys().next()`
 * would walk V8's deleted-entry holes and grow slower with every eviction.
 */
export class BoundedMap<K, V> {
  private readonly map = new Map<K, V>();
  private readonly ring: K[] = [];
  private next = 0;

  constructor(private readonly limit: number) {}

  get size(): number {
    return this.map.size;
  }

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  set(key: K, value: V): this {
    if (this.map.has(key)) {
      this.map.set(key, value);
      return this;
    }
    if (this.ring.length < this.limit) this.ring.push(key);
    else {
      this.map.delete(this.ring[this.next]!);
      this.ring[this.next] = key;
      this.next = (this.next + 1) % this.limit;
    }
    this.map.set(key, value);
    return this;
  }
}
