import { describe, expect, it } from "vitest";
import { BoundedCache, CachePerOwner, releaseBoundedCaches } from "../../server/src/core/util/boundedCache";

describe("bounded caches", () => {
  it("keep values up to their bound, then start again empty", () => {
    const cache = new BoundedCache<string, number>(3);
    for (const [i, k] of ["a", "b", "c"].entries()) expect(cache.keep(k, i)).toBe(i);
    expect([cache.get("a"), cache.get("b"), cache.get("c")]).toEqual([0, 1, 2]);
    cache.keep("d", 3);
    expect([cache.get("a"), cache.get("b"), cache.get("c"), cache.get("d")]).toEqual([undefined, undefined, undefined, 3]);
  });

  it("keep false, null and empty strings as values", () => {
    const cache = new BoundedCache<string, boolean | null | string>(10);
    cache.keep("f", false);
    cache.keep("n", null);
    cache.keep("e", "");
    expect([cache.get("f"), cache.get("n"), cache.get("e"), cache.get("x")]).toEqual([false, null, "", undefined]);
  });

  it("are one per owner", () => {
    const caches = new CachePerOwner<object, string, number>(10);
    const a = {}, b = {};
    caches.of(a).keep("k", 1);
    expect(caches.of(a).get("k")).toBe(1);
    expect(caches.of(b).get("k")).toBeUndefined();
  });

  it("are all emptied at once when released (no draft open)", () => {
    const one = new BoundedCache<string, number>(10);
    const perOwner = new CachePerOwner<object, string, number>(10);
    const owner = {};
    one.keep("a", 1);
    perOwner.of(owner).keep("b", 2);
    releaseBoundedCaches();
    expect(one.get("a")).toBeUndefined();
    expect(perOwner.of(owner).get("b")).toBeUndefined();
  });
});
