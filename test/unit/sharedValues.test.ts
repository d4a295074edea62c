// Claims whose values are equal share one value object, when indexed and when read back from the
// index cache; values that differ in any field (a day, a currency, -0) stay apart.
import * as fs from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import type { IndexedClaim } from "../../server/src/core/index/factIndex";
import { readSnapshot, writeSnapshot } from "../../server/src/core/index/indexCache";
import { createFactCheckService, factIndexOf } from "../../server/src/core/service";

const files = {
  "/c/a.md": "# A\n\nThe Group of Seven (G7) was launched in May 2019. Japan's exports to India were $120.5 billion in 2021.\n",
  "/c/b.md": "# B\n\nThe G7 summit was held in May 2019. India's imports from Japan were $120.5 billion in 2021. It met on 3 May 2019.\n",
};

describe("claims' values", () => {
  it("are one object for equal values when indexed, and when read back from the cache", async () => {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(files) });
    await s.setCorpus(["/c"]);
    const claims = factIndexOf(s)!.claims().filter((c) => c.documentId !== undefined && !c.documentId.startsWith("catalog"));
    const byJson = (list: readonly IndexedClaim[]) => {
      const groups = new Map<string, Set<unknown>>();
      for (const c of list) {
        const k = JSON.stringify(c.value);
        groups.set(k, (groups.get(k) ?? new Set()).add(c.value));
      }
      return groups;
    };
    const indexed = byJson(claims);
    expect([...indexed.values()].some((g) => g.size === 1)).toBe(true);
    expect([...indexed.values()].every((g) => g.size === 1)).toBe(true);
    const repeated = [...indexed.keys()].filter((k) => claims.filter((c) => JSON.stringify(c.value) === k).length > 1);
    expect(repeated.length).toBeGreaterThan(0);

    // Read back, with a few values of their own: -0, and one a field apart.
    const written = claims.map((c) => ({ ...c }) as IndexedClaim);
    written[0].value = { type: "quantity", unit: "number", value: -0, precision: 0.5 };
    written[1].value = { type: "quantity", unit: "number", value: 0, precision: 0.5 };
    written[2].value = { type: "quantity", unit: "money", currency: "EUR", value: 5, precision: 0.5 };
    written[3].value = { type: "quantity", unit: "money", currency: "USD", value: 5, precision: 0.5 };
    const dir = fs.mkdtempSync(path.join(tmpdir(), "factcheck-values-"));
    const snapshot = { definitions: [], properNouns: [], claims: written, entityDefinitions: [], mentionCounts: [] as [string, number][], index: factIndexOf(s)!.snapshot(written.length) };
    expect(writeSnapshot(dir, "k", snapshot)).toBeUndefined();
    const back = readSnapshot(dir, "k")!.claims;
    fs.rmSync(dir, { recursive: true, force: true });
    expect(back.map((c) => c.value)).toEqual(written.map((c) => c.value));
    expect(Object.is((back[0].value as { value: number }).value, -0)).toBe(true);
    expect(back[0].value).not.toBe(back[1].value);
    expect(back[2].value).not.toBe(back[3].value);
    const read = byJson(back.slice(4));
    expect([...read.values()].every((g) => g.size === 1)).toBe(true);
    expect(read.size).toBe(byJson(written.slice(4)).size);
  });
});
