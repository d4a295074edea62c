// Results of pure functions kept for the words, names and headings that recur across sentences
// and documents; each cache empties itself past its bound, so memory stays flat on any input.

export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit: number) {}

  get(key: K): V | undefined {
    return this.map.get(key);
  }

  /** Keeps `value` for `key` and returns it. */
  keep(key: K, value: V): V {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(key, value);
    return value;
  }
}

/** One bounded cache per owner (a lexicon, a phrase matcher), gone with the owner. */
export class CachePerOwner<O extends object, K, V> {
  private readonly caches = new WeakMap<O, BoundedCache<K, V>>();

  constructor(private readonly limit: number) {}

  of(owner: O): BoundedCache<K, V> {
    let cache = this.caches.get(owner);
    if (!cache) this.caches.set(owner, (cache = new BoundedCache(this.limit)));
    return cache;
  }
}
