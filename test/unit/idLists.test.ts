// The index's id lists, appended claim by claim in chunks of pairs and made when read: each list
// reads back its ids in order, once each, across chunk ends and after lists read back from a cache.
import { describe, expect, it } from "vitest";
import { IdLists } from "../../server/src/core/index/idLists";

describe("id lists", () => {
  it("read back what was appended, ascending and once each, however many chunks it took", () => {
    const lists = new IdLists();
    const a = lists.create();
    const b = lists.create();
    const expected: number[][] = [[], []];
    // 100,000 ids, most in both lists, some twice in a row: more than one chunk of pairs.
    for (let id = 0; id < 100_000; id++) {
      lists.append(a, id);
      expected[0].push(id);
      if (id % 3 === 0) {
        lists.append(b, id);
        lists.append(b, id);
        expected[1].push(id);
      }
    }
    expect(Array.from(lists.get(a))).toEqual(expected[0]);
    expect(Array.from(lists.get(b))).toEqual(expected[1]);
    expect(lists.count).toBe(2);
  });

  it("grow lists read back, and lists already made, by the ids appended after", () => {
    const lists = new IdLists();
    const restored = lists.create(Int32Array.from([1, 4, 9]));
    lists.append(restored, 9); // its last already
    lists.append(restored, 12);
    const fresh = lists.create();
    expect(lists.get(fresh)).toHaveLength(0);
    lists.append(fresh, 12);
    expect(Array.from(lists.get(restored))).toEqual([1, 4, 9, 12]);
    lists.append(fresh, 15);
    lists.append(restored, 20);
    expect(Array.from(lists.get(fresh))).toEqual([12, 15]);
    expect(Array.from(lists.get(restored))).toEqual([1, 4, 9, 12, 20]);
  });
});
