// One pair per verification rule, in the manner of Harper's linters: a source sentence and a
// draft sentence, and the rule that must be the first to set that source aside for that draft.
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { createFactCheckService, factIndexOf } from "../../server/src/core/service";
import type { IndexedClaim } from "../../server/src/core/index/factIndex";
import type { Claim } from "../../server/src/core/types";
import { ClaimPair, rejectingRule, RULES } from "../../server/src/core/verify/rules";

const lexicon = loadLexicon();
const DEFINE = "The Harbour Accord (HA) is a pact among port cities.";

/** The draft and source claims of one pair, as the engine reads them. */
async function claimsOf(source: string, sourceValue: string, draft: string, draftValue: string) {
  const files = { "/c/a.md": `---\ntitle: Notes on port cooperation\npublisher: Test Desk\npublished: 2024-05-01\n---\n\n${DEFINE} ${source}\n` };
  const s = createFactCheckService({ fileSystem: inMemoryFileSystem(files), catalog: { entities: [] } });
  await s.setCorpus(["/c"]);
  const c = factIndexOf(s)!.claims().find((x) => x.valueText === sourceValue);
  const d = s.check(`${draft}\n`).verdicts.find((v) => v.claim.valueText === draftValue)?.claim;
  expect(c, `source claim ${sourceValue}`).toBeDefined();
  expect(d, `draft claim ${draftValue}`).toBeDefined();
  return { d: d!, c: c! };
}

/** The first rule that rejects the source claim valued `sourceValue` for the draft claim valued `draftValue`. */
async function firstRule(source: string, sourceValue: string, draft: string, draftValue: string): Promise<string | undefined> {
  const { d, c } = await claimsOf(source, sourceValue, draft, draftValue);
  return rejectingRule(new ClaimPair(d, c, lexicon, () => true))?.id;
}

/** Does the rule reject the pair, once `change` has made it differ in what the rule looks at? */
async function rejectsWhen(rule: string, source: string, sourceValue: string, draft: string, draftValue: string, change: (d: Claim, c: IndexedClaim) => void) {
  const { d, c } = await claimsOf(source, sourceValue, draft, draftValue);
  const theRule = RULES.find((r) => r.id === rule)!;
  const before = theRule.rejects(new ClaimPair(d, c, lexicon, () => true));
  const [d2, c2] = [structuredClone(d), { ...c }];
  change(d2, c2);
  return { before, after: theRule.rejects(new ClaimPair(d2, c2, lexicon, () => true)) };
}

// [rule, source, its value, draft, its value]
const CASES: [string, string, string, string, string][] = [
  ["kind", "The HA was signed in May 2021.", "May 2021", "The HA fund holds $40 million in reserves.", "$40 million"],
  ["names", "The HA was launched in May 2021.", "May 2021", "Maria Lopez launched the HA in May 2020.", "May 2020"],
  ["respectively", "Under the HA deal, Japan and Korea cut tariffs by 3% and 5%, respectively.", "3%", "Under the HA deal, Korea cut tariffs by 3%.", "3%"],
  ["event", "The HA was signed in May 2021.", "May 2021", "The HA entered into force in June 2022.", "June 2022"],
  ["modifier", "The HA must be ratified by 2026.", "2026", "The HA was ratified in 2025.", "2025"],
  ["recurring-event", "HA ministers met in Oslo in March 2023.", "March 2023", "HA ministers met in April 2023.", "April 2023"],
  ["event-words", "The HA tariff schedule was signed in May 2021.", "May 2021", "The HA fisheries protocol annex was signed in May 2020.", "May 2020"],
  ["dimension", "The HA fund holds $40 million in reserves.", "$40 million", "The HA fund holds €30 million in reserves.", "€30 million"],
  ["change-role", "The HA fund grew from $40 million to $90 million.", "$90 million", "The HA fund grew from $50 million to $60 million.", "$50 million"],
  ["counted-noun", "The HA has 12 members.", "12", "The HA has 14 ports.", "14"],
  ["part-whole", "The HA has 38 member ports.", "38", "Under the HA, 29 of the 38 member ports voted in favour.", "29"],
  ["count-event", "The HA has been ratified by 12 countries.", "12", "The HA was signed by 14 countries.", "14"],
  ["measure", "The HA fund holds $40 million in reserves.", "$40 million", "HA shipping fees total $30 million.", "$30 million"],
  ["rate", "HA grants are capped at $300,000 per project.", "$300,000", "HA grants are capped at $200,000 a year.", "$200,000"],
  ["own-year", "HA members pledged at least $20 million by 2025 and at least $30 million by 2030.", "$20 million", "HA members pledged at least $40 million by 2030.", "$40 million"],
  ["order", "The HA fund made an initial investment of $12 million.", "$12 million", "The HA fund made an investment of $15 million.", "$15 million"],
  ["figure-about", "Japan received $12 million in HA port grants.", "$12 million", "The HA provides $15 million in port grants.", "$15 million"],
  ["change-verb", "HA cargo volumes grew 4% in 2023.", "4%", "HA ports handle 5% of cargo volumes in 2023.", "5%"],
  ["qualified", "The HA owns a 70% stake in the Coastal Fund (CF).", "70%", "The HA owns a 60% stake.", "60%"],
  ["count-words", "In 2023 the HA signed 12 port deals and 3 rail deals.", "12", "In 2023 the HA signed 14 rail deals.", "14"],
  ["period-end", "HA members pay in instalments between 2027 and 2034.", "2027", "HA members pay in instalments between 2026 and 2034.", "2034"],
  ["years", "In 2022 HA cargo volumes reached 40 million tonnes.", "40 million", "In 2023 HA cargo volumes reached 45 million tonnes.", "45 million"],
];

describe("verification rules", () => {
  it("are registered with an id, a scope and a description each", () => {
    for (const r of RULES) expect(r.description.length, r.id).toBeGreaterThan(10);
    for (const [rule] of CASES) expect(RULES.map((r) => r.id)).toContain(rule);
  });

  for (const [rule, source, sourceValue, draft, draftValue] of CASES) {
    it(`${rule}: "${draft}" is not "${source}"`, async () => {
      expect(await firstRule(source, sourceValue, draft, draftValue)).toBe(rule);
    });
  }

  // Rules whose cases the index or the extraction already keep apart in a check: each is tested on
  // a pair the engine read, changed in the one respect the rule looks at.
  const SAME = ["The HA was signed in May 2021.", "May 2021", "The HA was signed in May 2020.", "May 2020"] as const;
  const COUNTS = ["The HA has 12 members.", "12", "The HA has 14 members.", "14"] as const;
  const FIGURES = ["The HA fund holds $40 million in reserves.", "$40 million", "The HA fund holds $30 million in reserves.", "$30 million"] as const;
  const CHANGED: [string, readonly [string, string, string, string], (d: Claim, c: IndexedClaim) => void][] = [
    ["draft-names-nothing", SAME, (d) => Object.assign(d, { entities: [], names: [], nearNames: [] })],
    ["event-names", SAME, (d, c) => Object.assign(c, { eventNames: ["maria lopez"], inheritedEntities: [] })],
    ["event-places", SAME, (d, c) => Object.assign(d, { entities: [], otherNames: [], names: ["japan"] }) && Object.assign(c, { eventNames: ["south-korea"], names: ["south-korea", "japan"] })],
    ["count-subject", COUNTS, (d, c) => Object.assign(c, { entities: ["cf"], previousEntities: undefined })],
    ["count-other-entity", COUNTS, (d, c) => Object.assign(c, { clauseEntities: ["ha", "cf"] })],
    ["no-measure", FIGURES, (d) => Object.assign(d, { measure: [] })],
    ["source-measure", FIGURES, (d, c) => Object.assign(c, { measure: ["hold", "dredg", "river", "port"] })],
    ["count-words-in-sentence", COUNTS, (d, c) => Object.assign(d, { measure: ["member", "ferry"] }) && Object.assign(c, { measure: ["member", "night"], terms: ["night"] })],
  ];
  for (const [rule, [source, sourceValue, draft, draftValue], change] of CHANGED) {
    it(`${rule}: rejects the pair only once it differs in what the rule checks`, async () => {
      expect(await rejectsWhen(rule, source, sourceValue, draft, draftValue, change)).toEqual({ before: false, after: true });
    });
  }

  it("lets a source through once the draft speaks of the same thing", async () => {
    expect(await firstRule("The HA was signed in May 2021.", "May 2021", "The HA was signed in May 2020.", "May 2020")).toBeUndefined();
    expect(await firstRule("The HA has 12 members.", "12", "The HA has 14 members.", "14")).toBeUndefined();
  });
});
