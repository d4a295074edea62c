// Verification on a small in-memory corpus on another topic (front matter metadata), so that
// nothing here depends on the seed corpus: entities come from the corpus' own definitions.
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { createFactCheckService, factIndexOf } from "../../server/src/core/service";

const corpus = {
  "/corpus/a.md": `---
title: Southern Africa's new rail artery
publisher: Transit Review
published: 2024-03
---

# The corridor

The Lobito Corridor Partnership (LCP) was announced in September 2023 at the G20 summit in New Delhi.
It was formally signed on October 26, 2023 in Luanda. Washington pledged $250 million for the railway,
while the European Union promised €1.2 billion. The line runs for 1,300 kilometres.

Washington has pledged $250 million to the Lobito Corridor Partnership.

The partnership covers three countries: Angola, Zambia and the Democratic Republic of Congo.
In 2023, freight volumes on the line rose by 14% and 22%, respectively, in the first and second halves.
`,
  "/corpus/b.md": `---
title: Financing the green transition
publisher: Energy Desk
published: 2023-11-20
---

The Just Energy Transition Partnership (JETP) for Indonesia was launched in November 2022. It mobilises
about $20 billion over three to five years. Vietnam's JETP, launched in December 2022, promises $15.5 billion.
The Lobito Corridor Partnership received $300 million from Washington, the development bank said.
`,
};

async function service() {
  const s = createFactCheckService({ fileSystem: inMemoryFileSystem(corpus), catalog: { entities: [] } });
  const stats = await s.setCorpus(["/corpus"]);
  expect(stats.documents).toBe(2);
  return s;
}

function conflicts(s: Awaited<ReturnType<typeof service>>, md: string) {
  return s.check(md).diagnostics.map((d) => [d.code, md.slice(d.start, d.end), d.expected]);
}

/** A checker over an in-memory corpus folder, giving [code, claimed, expected] per finding. */
async function checkerOver(folder: string, files: Record<string, string>) {
  const s = createFactCheckService({ fileSystem: inMemoryFileSystem(files), catalog: { entities: [] } });
  await s.setCorpus([folder]);
  return (md: string) => s.check(md).diagnostics.map((d) => [d.code, d.claimed, d.expected]);
}

describe("verification on another corpus", () => {
  it("learns entities from the corpus' own definitions", async () => {
    const s = await service();
    expect(s.entities().map((e) => e.acronym)).toEqual(expect.arrayContaining(["LCP", "JETP"]));
  });

  it("flags a wrong date and a wrong figure, quoting the source", async () => {
    const s = await service();
    expect(conflicts(s, "The JETP for Indonesia was launched in November 2021.\n")).toEqual([["date-conflict", "November 2021", "November 2022"]]);
    const d = s.check("The Lobito Corridor Partnership was formally signed on October 26, 2022.\n").diagnostics;
    expect(d.map((x) => x.code)).toEqual(["date-conflict"]);
    expect(d[0].expected).toBe("October 26, 2023");
    expect(d[0].sources[0]).toMatchObject({ document: "a.md", title: "Southern Africa's new rail artery", published: "2024-03" });
    expect(d[0].sources[0].quote).toContain("October 26, 2023");
    expect(d[0].message).toContain("October 26, 2023");
  });

  it("stays silent on supported paraphrases, rounding and hedges", async () => {
    const s = await service();
    expect(conflicts(s, "The LCP was unveiled in September 2023.\n")).toEqual([]);
    expect(conflicts(s, "Indonesia's JETP will mobilise roughly $20bn over several years.\n")).toEqual([]);
    expect(conflicts(s, "The European Union promised EUR 1.2 billion to the Lobito Corridor.\n")).toEqual([]);
    expect(conflicts(s, "In 2023, freight volumes rose by 22% in the second half.\n")).toEqual([]);
  });

  it("stays silent where the corpus says nothing, and on code, links and front matter", async () => {
    const s = await service();
    expect(conflicts(s, "The LCP entered into force in 2025.\n")).toEqual([]);
    expect(conflicts(s, "The Global Gateway was launched in 2021.\n")).toEqual([]);
    expect(conflicts(s, "```\nThe JETP for Indonesia was launched in November 2021.\n```\n")).toEqual([]);
    expect(conflicts(s, "See [the JETP note](https://example.org/jetp-2021).\n")).toEqual([]);
    expect(conflicts(s, "---\ndate: 2021-11-01\n---\n\nThe JETP for Indonesia was launched in November 2022.\n")).toEqual([]);
  });

  it("says the sources disagree instead of flagging a conflict", async () => {
    const s = await service();
    const d = s.check("Washington pledged $100 million for the Lobito Corridor Partnership.\n").diagnostics;
    expect(d.map((x) => x.code)).toEqual(["sources-disagree"]);
    expect(d[0].severity).toBe("information");
    // A value one source supports and the other contradicts: the sources disagree, said once, as information.
    const supported = s.check("Washington pledged $250 million for the Lobito Corridor Partnership.\n").diagnostics;
    expect(supported.map((x) => [x.code, x.severity])).toEqual([["sources-disagree", "information"]]);
    expect(supported[0].sources.map((x) => x.valueText)).toEqual(["$250 million", "$300 million"]);
  });

  it("keeps the subjects of two clauses apart", async () => {
    const s = await service();
    expect(conflicts(s, "Washington pledged $250 million for the railway, while the European Union promised €1.5 billion.\n")).toEqual([
      ["figure-conflict", "€1.5 billion", "€1.2 billion"],
    ]);
  });

  it("honours inline disable comments and severities", async () => {
    const s = await service();
    const md = "<!-- factcheck-disable-next-line -->\nThe JETP for Indonesia was launched in November 2021.\n";
    expect(s.check(md).diagnostics).toEqual([]);
    const block = "<!-- factcheck-disable -->\nThe JETP for Indonesia was launched in November 2021.\n<!-- factcheck-enable -->\n\nThe JETP for Indonesia was launched in November 2020.\n";
    expect(s.check(block).diagnostics.map((d) => d.claimed)).toEqual(["November 2020"]);
    expect(s.check("The JETP for Indonesia was launched in November 2021.\n", { severities: { "date-conflict": "off" } }).diagnostics).toEqual([]);
    expect(s.check("The JETP for Indonesia was launched in November 2021.\n", { severities: { "date-conflict": "error" } }).diagnostics[0].severity).toBe("error");
  });

  it("builds a fact card with quotes and definitions", async () => {
    const s = await service();
    const card = s.card(s.entities().find((e) => e.acronym === "JETP")!.id)!;
    expect(card.facts.some((f) => f.valueText.includes("November 2022"))).toBe(true);
    expect(card.definitions[0].document).toBe("b.md");
    const md = s.cardMarkdown(card.entity.id, (src) => `file:///corpus/${src.document}#L${src.range.start.line + 1}`)!;
    expect(md).toContain("Just Energy Transition Partnership (JETP)");
    expect(md).toContain("file:///corpus/b.md#L");
  });

  it("offers completions by prefix, acronym and fuzzy match", async () => {
    const s = await service();
    expect(s.completeEntities("Lob")[0].acronym).toBe("LCP");
    expect(s.completeEntities("JET")[0].acronym).toBe("JETP");
    expect(s.completeEntities("transition")[0].acronym).toBe("JETP");
  });
});

describe("built-in facts", () => {
  it("check drafts from data/ when no corpus is loaded", async () => {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem({}) });
    const stats = await s.setCorpus([]);
    expect(stats.usingBuiltinFacts).toBe(true);
    const d = s.check("IPEF was launched in May 2021.\n").diagnostics;
    expect(d.map((x) => [x.code, x.expected])).toEqual([["date-conflict", "May 2022"]]);
    expect(s.check("IPEF was launched in May 2022.\n").diagnostics).toEqual([]);
  });
  it("are not used when a corpus is loaded (auto)", async () => {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(corpus) });
    await s.setCorpus(["/corpus"]);
    expect(s.stats().usingBuiltinFacts).toBe(false);
    expect(s.check("IPEF was launched in May 2021.\n").diagnostics).toEqual([]);
  });
});

describe("general rules of comparison", () => {
  const sources = {
    "/rules/a.md": `---
title: Trade and minerals review
publisher: Review Desk
published: 2024-07
---

Investments from Japan and South Korea increased by 266% and 1221%, respectively, in 2022.
The Mineral Route Alliance (MRA) was founded along with 14 other countries in 2021.
The Ocean Compact (OC) overlaps with MRA, including the 9 countries in MRA.
The two countries signed a statement in 2020.
Ministers Ana Duarte and Ken Ito met on March 3, 2024 in Lisbon.
The MRA council will convene for its leadership election in September.
Trade between the two routes exceeded $12 billion in 2023.
By rail a shipment from Kolwezi takes around eight days, compared with up to 30 days by road.
The Harbour Accord (HA) entered into force in May 2019, and 41 of the League's 50 member states had ratified it by 2024.
Ministers met at the twelfth Ministerial Conference (MC12) in 2022 and at the thirteenth Ministerial Conference (MC13), which closed on 2 March 2024.
The second review is planned for the first quarter of 2026.
`,
  };
  const rules = () => checkerOver("/rules", sources);

  it("pairs the values of a 'respectively' list with their parties", async () => {
    const check = await rules();
    expect(check("South Korean investment grew by 1221% in 2022.\n")).toEqual([]);
    expect(check("Japanese investment grew by 226% in 2022.\n")).toEqual([["figure-conflict", "226%", "266%"]]);
  });

  it("keeps relative counts, counts of another entity and referential numbers apart", async () => {
    const check = await rules();
    expect(check("The MRA has 15 members.\n")).toEqual([]); // "14 other countries" is not the membership
    expect(check("The Ocean Compact has 12 members.\n")).toEqual([]); // "the 9 countries in MRA" counts MRA's
    expect(check("Twelve countries signed a statement in 2020.\n")).toEqual([]); // "the two countries" asserts no count
  });

  it("compares a recurring event only when the claim pins down which one", async () => {
    const check = await rules();
    expect(check("Ana Duarte and Ken Ito met on March 4, 2024.\n")).toEqual([["date-conflict", "March 4, 2024", "March 3, 2024"]]);
    expect(check("The ministers met on March 4, 2024.\n")).toEqual([]);
  });

  it("resolves a month written alone with the publication date", async () => {
    const check = await rules();
    expect(check("The MRA council will hold its leadership election in October 2024.\n")).toEqual([["date-conflict", "October 2024", "September 2024"]]);
  });

  it("reads partitive counts: '41 of the 50 member states' counts 41 ratifications", async () => {
    const check = await rules();
    expect(check("By 2024, 41 member states had ratified the Harbour Accord.\n")).toEqual([]);
    expect(check("By 2024, 45 member states had ratified the Harbour Accord.\n")).toEqual([["figure-conflict", "45", "41"]]);
  });

  it("keeps numbered acronyms apart and compares quarters by month", async () => {
    const check = await rules();
    expect(check("MC13 closed on 2 March 2023.\n")).toEqual([["date-conflict", "2 March 2023", "March 2, 2024"]]);
    expect(check("MC12 closed on 2 March 2023.\n")).toEqual([]);
  });

  it("reads the event of a table column from its header", async () => {
    const check = await rules();
    expect(check("| Agreement | Entered into force |\n|---|---|\n| Harbour Accord | June 2019 |\n")).toEqual([["date-conflict", "June 2019", "May 2019"]]);
  });

  it("reads bounds: 'exceeded' agrees with more, two 'up to' compare as values", async () => {
    const check = await rules();
    expect(check("In 2023, trade between the two routes reached $12.5 billion.\n")).toEqual([]);
    expect(check("From Kolwezi, rail takes about eight days, compared with up to 45 days by road.\n")).toEqual([["figure-conflict", "45", "30"]]);
    expect(check("A shipment from Kolwezi takes about eight days by rail.\n")).toEqual([]);
  });
});

describe("what a figure is about", () => {
  const sources = {
    "/about/a.md": `The Harbour Accord (HA) sets tariff schedules for its members.
Under the Harbour Accord, tariffs on 90% of tariff lines are to be eliminated over five years.
Harbour Accord members benefit from a transition period of two years.

Harbour Accord members have now pledged more than $65 million in total.
When the Harbour Accord was first proposed, members pledged an initial $12 million.
After the latest capital increase, the Harbour Accord fund holds 86.5% of the reserve.
In 2023 the Harbour Accord granted €9.9 million towards a €30 million port upgrade in Walvis Bay.
The Office of Ports, Roads and Rail (OPRR) has committed up to €73 million for the Harbour Accord's second terminal.
The Harbour Bank (HB), the Coastal Fund (CF) and the Agence Portuaire de Namibie (APN) lent US$185 million, US$40 million and EUR 60 million respectively for the Harbour Accord.
The Harbour Accord has its own ministers' and leaders' meetings. Its first ministerial meeting was held in Lisbon on 4 March 2023, and the first Harbour Accord leaders' meeting followed in Lisbon on 18 December 2023.
The Harbour Accord entered its second phase in 2024. Under Phase 2, Namibia and Angola have taken up to 40 MW and 90 MW respectively.
`,
  };
  const about = () => checkerOver("/about", sources);

  it("lets another kind of figure in the draft's sentence pin down what it speaks of", async () => {
    const check = await about();
    expect(check("Under the Harbour Accord, tariffs on 90% of tariff lines are to be eliminated over ten years.\n")).toEqual([["figure-conflict", "ten", "five"]]);
    // 7% of the lines is not the source's 90%: its period is another one.
    const other = check("Under the Harbour Accord, tariffs on 7% of tariff lines are to be eliminated over ten years.\n");
    expect(other.filter(([, claimed]) => claimed === "ten")).toEqual([]);
  });

  it("keeps an initial figure apart from the total, but not a figure after the latest event", async () => {
    const check = await about();
    expect(check("Harbour Accord members pledged a total of $56 million.\n")).toEqual([["figure-conflict", "$56 million", "$65 million"]]);
    expect(check("Harbour Accord members pledged an initial $15 million.\n")).toEqual([["figure-conflict", "$15 million", "$12 million"]]);
    expect(check("The Harbour Accord fund holds about 70% of the reserve.\n")).toEqual([["figure-conflict", "70%", "86.5%"]]);
  });

  it("reads two figures of one source sentence as two measures, not a disagreement", async () => {
    const check = await about();
    expect(check("In 2023 the Harbour Accord granted €9.9 million towards a €20 million port upgrade in Walvis Bay.\n")).toEqual([
      ["figure-conflict", "€20 million", "€30 million"],
    ]);
  });

  it("knows the source's subject by the acronym the source sentence gives it", async () => {
    const check = await about();
    expect(check("OPRR has committed up to €70 million for the Harbour Accord's second terminal.\n")).toEqual([["figure-conflict", "€70 million", "€73 million"]]);
    // Another body's commitment is not the OPRR's.
    expect(check("The Treasury has committed up to €70 million for the Harbour Accord's second terminal.\n")).toEqual([]);
  });

  it("reads units after counts and pairs a 'respectively' list with the draft's own party", async () => {
    const check = await about();
    expect(check("Under Phase 2 of the Harbour Accord, Namibia can take up to 60 MW, with the rest going to Angola.\n")).toEqual([["figure-conflict", "60", "40"]]);
    expect(check("Under Phase 2 of the Harbour Accord, Angola can take up to 90 MW.\n")).toEqual([]);
    // Bracketed acronyms and currency prefixes do not break the list; "US$" names no place.
    expect(check("The Coastal Fund lent US$60 million for the Harbour Accord.\n")).toEqual([["figure-conflict", "US$60 million", "US$40 million"]]);
    expect(check("The Coastal Fund lent $40 million for the Harbour Accord.\n")).toEqual([]);
    expect(check("Under Phase 2 of the Harbour Accord, Angola can take up to 60 kilometres of line.\n")).toEqual([]);
  });

  it("tells two events of one source sentence apart by the words before each", async () => {
    const check = await about();
    expect(check("Portugal hosted the first Harbour Accord ministerial meeting in Lisbon on 14 March 2023.\n")).toEqual([["date-conflict", "14 March 2023", "March 4, 2023"]]);
    expect(check("Portugal hosted the first Harbour Accord leaders' meeting in Lisbon on 18 December 2023.\n")).toEqual([]);
  });

  it("needs some of the words around a count in the source's sentence", async () => {
    const check = await about();
    expect(check("Harbour Accord members have a transition period of three years.\n")).toEqual([["figure-conflict", "three", "two"]]);
    expect(check("Under the Harbour Accord, sensitive products are liberalised over 10 years.\n")).toEqual([]);
  });
});

describe("the fact index", () => {
  it("offers a draft claim only the source claims of its kind that name all of its parties", async () => {
    const s = await service();
    const index = factIndexOf(s)!;
    const [claim] = s.check("The JETP for Indonesia was launched in November 2021.\n").verdicts.map((v) => v.claim);
    const candidates = index.candidates(claim);
    expect(candidates.length).toBeGreaterThan(0);
    for (const c of candidates) {
      expect(c.value.type).toBe("date");
      expect([...c.entities, ...c.contextNames]).toContain(claim.entities[0]);
    }
    expect(index.candidates({ ...claim, entities: ["no-such-entity"] })).toEqual([]);
  });
});
