// The index's lists are kept by facet, then by anchor or measure word, with one anchor string per
// name for the whole corpus: a claim is listed once under each, a snapshot of the lists restores
// the same candidates, and a draft's name no source gives finds no list.
import { describe, expect, it } from "vitest";
import { generateCorpus, generateDraft } from "../../bench/generate";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { AnchorNames, FactIndex, type IndexedClaim } from "../../server/src/core/index/factIndex";
import type { Claim } from "../../server/src/core/types";
import { createFactCheckService, factIndexOf } from "../../server/src/core/service";

describe("anchor names", () => {
  it("give one string per kind and name, find only names given before, and learn anchors read back", () => {
    const names = new AnchorNames();
    const a = names.of("@", "ipef");
    expect(a).toBe("@ipef");
    expect(names.of("@", "ipef")).toBe(a);
    expect(names.of("#", "ipef")).toBe("#ipef");
    expect(names.find("@", "ipef")).toBe(a);
    expect(names.find("~", "ipef")).toBeUndefined();
    expect(names.find("@", "japan")).toBeUndefined();
    const read = new AnchorNames();
    read.learn("~schloss");
    expect(read.find("~", "schloss")).toBe("~schloss");
    expect(read.find("#", "schloss")).toBeUndefined();
  });
});

/** A service over a generated corpus of `documents` documents of 8 KB, and its index. */
async function indexedCorpus(documents: number) {
  const files: Record<string, string> = {};
  for (const d of generateCorpus(documents, 8 * 1024)) files[`/c/${d.name}`] = d.text;
  const s = createFactCheckService({ fileSystem: inMemoryFileSystem(files) });
  await s.setCorpus(["/c"]);
  return { s, index: factIndexOf(s)! };
}

describe("the index's lists", () => {
  it("list each claim once per facet and anchor, and restore from a snapshot to the same candidates", async () => {
    const { s, index } = await indexedCorpus(20);
    const snap = index.snapshot();
    expect(snap.keys.length).toBeGreaterThan(10);
    expect(snap.facetOf.length).toBe(snap.keys.length);
    expect(snap.measureList.length).toBe(snap.keys.length);
    // Each list ascending, no id twice.
    for (let k = 0; k < snap.keys.length; k++) {
      const list = snap.ids.subarray(snap.offsets[k], snap.offsets[k + 1]);
      for (let i = 1; i < list.length; i++) expect(list[i]).toBeGreaterThan(list[i - 1]);
    }
    expect(snap.measureList.some((m) => m === 1)).toBe(true);
    // A facet and key name one list only.
    const pairs = snap.keys.map((key, k) => `${snap.measureList[k]}\u0000${snap.facets[snap.facetOf[k]]}\u0000${key}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    const facets = (index as unknown as { facets: ConstructorParameters<typeof FactIndex>[0] }).facets;
    const restored = new FactIndex(facets);
    restored.restore(index.claims(), snap);
    const draft = s.check(generateDraft(20 * 1024, 3), { cache: false });
    expect(draft.verdicts.length).toBeGreaterThan(20);
    let met = 0;
    for (const v of draft.verdicts) {
      const fresh = index.candidates(v.claim);
      expect(restored.candidates(v.claim)).toEqual(fresh);
      expect(restored.anchored(v.claim)).toEqual(index.anchored(v.claim));
      if (fresh.length > 0) met++;
    }
    expect(met).toBeGreaterThan(5);
  });

  it("give a draft figure the candidates it would get alone when an earlier figure made them", async () => {
    const { s, index } = await indexedCorpus(30);
    const figures = s.check(generateDraft(60 * 1024, 9), { cache: false }).verdicts.filter((v) => v.claim.value.type === "quantity");
    index.releaseQueryCaches();
    const inTurn = figures.map((v) => index.candidates(v.claim));
    expect(inTurn.filter((c) => c.length > 0).length).toBeGreaterThan(10);
    figures.forEach((v, i) => {
      index.releaseQueryCaches();
      expect(index.candidates(v.claim), v.claim.sentence).toEqual(inTurn[i]);
    });
  });
});

/** A claim's candidates as the index's lists and scalar tests give them, without the shortcut. */
function fullCandidates(index: FactIndex, claim: Claim): IndexedClaim[] {
  return (index as unknown as { candidatesOf(c: Claim): IndexedClaim[] }).candidatesOf(claim);
}

describe("a draft claim told to have no candidate", () => {
  it("has none in the lists, and most draft claims on the seed corpus are told so", async () => {
    const s = createFactCheckService();
    await s.setCorpus([new URL("../../../shared/corpus", import.meta.url).pathname]);
    const index = factIndexOf(s)!;
    const verdicts = s.check(generateDraft(100 * 1024, 5), { cache: false }).verdicts;
    let none = 0;
    for (const v of verdicts) {
      if (index.mayHaveCandidates(v.claim)) continue;
      none++;
      // (The lists and scalar tests, read without the shortcut.)
      expect(fullCandidates(index, v.claim), v.claim.sentence).toEqual([]);
      expect(v.kind).toBe("not-covered");
    }
    expect(none).toBeGreaterThan(verdicts.length / 2);
    expect(verdicts.some((v) => v.kind !== "not-covered")).toBe(true);
  });
});
