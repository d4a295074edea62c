// Results of pure functions kept for the words, names and headings that recur across sentences
// and documents; each cache empties itself past its bound, so memory stays flat on any input.

/** Every cache made, so that all can be emptied at once (see releaseBoundedCaches). */
const everyCache = new Set<WeakRef<BoundedCache<unknown, unknown>>>();

/** Empties every bounded cache: called when no draft is open, so that closing everything gives the memory back. */
export function releaseBoundedCaches(): void {
  for (const ref of everyCache) {
    const cache = ref.deref();
    if (cache) cache.clear();
    else everyCache.delete(ref);
  }
}

export class BoundedCache<K, V> {
  private readonly map = new Map<K, V>();

  constructor(private readonly limit: number) {
    everyCache.add(new WeakRef(this as BoundedCache<unknown, unknown>));
  }

  clear(): void {
    this.map.clear();
  }

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
