// A check builds in full only the draft claims the index may have a candidate for; the others are
// built light and are "not covered" without a look. Their verdicts must be the ones claims built in
// full get (explain builds every claim in full and verifies it), and a light claim must keep what
// the claims report and the unsourced-claim diagnostic read of it.
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDenseDraft, generateDraft } from "../../bench/generate";
import { createFactCheckService, factIndexOf } from "../../server/src/core/service";
import type { FactCheckService } from "../../server/src/core/serviceTypes";

const CORPUS = path.resolve(__dirname, "../../../shared/corpus");
const REAL = path.resolve(__dirname, "../../../shared/eval/real/corpus");

const verdictsOf = (s: FactCheckService, text: string) =>
  s.check(text, { cache: false }).verdicts.map((v) => `${v.claim.valueText}|${v.kind}`);
const explainedOf = (s: FactCheckService, text: string) =>
  s.explain(text).flatMap((sentence) => sentence.claims.map((c) => `${c.valueText}|${c.verdict}`));

describe("light claims", () => {
  let seed: FactCheckService;
  let real: FactCheckService;
  beforeAll(async () => {
    seed = createFactCheckService();
    await seed.setCorpus([CORPUS]);
    real = createFactCheckService();
    await real.setCorpus([REAL]);
  });

  it.each([
    ["a generated draft", () => generateDraft(60 * 1024, 4)],
    ["the dense draft", () => generateDenseDraft(40 * 1024)],
  ])("give %s the verdicts of claims built in full", (_, make) => {
    const text = make();
    const checked = verdictsOf(seed, text);
    expect(checked.length).toBeGreaterThan(100);
    expect(checked.some((v) => v.endsWith("|supported")) && checked.some((v) => v.endsWith("|conflict"))).toBe(true);
    // (explain lists claims by sentence, check by block: the same claims, in another order.)
    expect([...checked].sort()).toEqual([...explainedOf(seed, text)].sort());
  });

  it("give a draft on other sources the verdicts of claims built in full", () => {
    const text = [
      "The deal was signed in 2019 and took effect in 2021, with 15 members and $2 billion pledged.",
      "",
      "By 2030 the fund aims to mobilise $600 billion; 41 of the 55 member states had ratified by May 2019.",
    ].join("\n");
    expect([...verdictsOf(real, text)].sort()).toEqual([...explainedOf(real, text)].sort());
  });

  it("are the claims the index has no candidate for, and keep their value, place and sentence", () => {
    const text = generateDraft(30 * 1024, 9);
    const index = factIndexOf(seed)!;
    const { verdicts } = seed.check(text, { cache: false });
    const light = verdicts.filter((v) => !index.mayHaveCandidates(v.claim));
    expect(light.length).toBeGreaterThan(verdicts.length / 2);
    for (const v of light) {
      expect(v.kind).toBe("not-covered");
      expect(text.slice(v.claim.start, v.claim.end)).toBe(v.claim.valueText);
      expect(v.claim.sentence).toContain(v.claim.valueText);
      expect(text.slice(v.claim.sentenceStart, v.claim.sentenceEnd)).toContain(v.claim.valueText);
    }
    // The report lists every claim, light ones among them.
    const report = seed.claimsReport(text, { cache: false });
    expect(report.claims).toBe(verdicts.length);
    expect(report.totals["not-covered"]).toBeGreaterThanOrEqual(light.length);
  });
});
