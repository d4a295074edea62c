import { describe, expect, it } from "vitest";
import { datesCompatible, findDates, formatDate } from "../../server/src/core/extract/dates";
import { EntityRegistry, findDefinitions } from "../../server/src/core/extract/entities";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { findQuantities, quantitiesCompatible } from "../../server/src/core/extract/quantities";
import { splitSentences } from "../../server/src/core/extract/sentences";
import { stem } from "../../server/src/core/extract/words";

const hedges = loadLexicon().hedges;
const sentences = (t: string) => splitSentences(t).map((s) => t.slice(s.start, s.end));

describe("sentences", () => {
  it("does not end a sentence at abbreviations, initials or decimals", () => {
    expect(sentences("U.S. President Joe Biden spoke. The U.S. exit from the TPP left a gap. It cost $55.7 billion.")).toEqual([
      "U.S. President Joe Biden spoke.",
      "The U.S. exit from the TPP left a gap.",
      "It cost $55.7 billion.",
    ]);
    expect(sentences("Mr. Kim met Dr. Lee on Jan. 5. John F. Kennedy said so.")).toEqual(["Mr. Kim met Dr. Lee on Jan. 5.", "John F. Kennedy said so."]);
  });
  it("starts a sentence at any capital or ideograph, not only A-Z", () => {
    expect(sentences("It was $375.4 billion. Éric left. 中文句子。")).toEqual(["It was $375.4 billion.", "Éric left.", "中文句子。"]);
  });

  it("keeps closing quotes with their sentence and splits on ! and ?", () => {
    expect(sentences('He said "it works." Does it? Yes!')).toEqual(['He said "it works."', "Does it?", "Yes!"]);
  });
});

describe("dates", () => {
  const one = (t: string, ref?: { year?: number; month?: number }) => findDates(t, ref).map((d) => [d.text, d.value.date, d.value.yearInferred ?? false]);
  it("reads full dates, month and year, years and ISO dates", () => {
    expect(one("on April 25, 2024")).toEqual([["April 25, 2024", { year: 2024, month: 4, day: 25 }, false]]);
    expect(one("in May 2022")).toEqual([["May 2022", { year: 2022, month: 5 }, false]]);
    expect(one("on 8 July 2024")).toEqual([["8 July 2024", { year: 2024, month: 7, day: 8 }, false]]);
    expect(one("on 2024-07-08")).toEqual([["2024-07-08", { year: 2024, month: 7, day: 8 }, false]]);
    expect(one("since 1995")).toEqual([["1995", { year: 1995 }, false]]);
    expect(one("Sept. 5, 2023")[0][1]).toEqual({ year: 2023, month: 9, day: 5 });
  });
  it("reads seasons and parts of years", () => {
    expect(one("in the summer of 2024")[0][1]).toEqual({ year: 2024, part: "summer" });
    expect(one("in the first half of 2023")[0][1]).toEqual({ year: 2023, part: "h1" });
    expect(one("by Q3 2025")[0][1]).toEqual({ year: 2025, part: "q3" });
  });
  it("resolves dates without a year against the publication date", () => {
    expect(one("signed on July 8 in Manila", { year: 2024, month: 7 })).toEqual([["July 8", { year: 2024, month: 7, day: 8 }, true]]);
    expect(one("signed on July 8 in Manila")).toEqual([["July 8", { month: 7, day: 8 }, false]]);
    expect(one("Earlier this year, Biden introduced it", { year: 2022 })).toEqual([["Earlier this year", { year: 2022 }, true]]);
    expect(one("Earlier this year, Biden introduced it")).toEqual([]);
  });
  it("does not read money, percentages, model numbers or modal verbs as dates", () => {
    expect(one("$2019 million, 2020% and this may help")).toEqual([]);
    // A month alone after a preposition is a date, with the year left open.
    expect(one("it may help in March")).toEqual([["March", { month: 3 }, false]]);
    expect(one("the 1990s")).toEqual([]);
  });
  it("records since/before/by modifiers", () => {
    expect(findDates("Since 2019, tensions rose")[0].value.modifier).toBe("since");
    expect(findDates("before July 9, 2025")[0].value.modifier).toBe("before");
  });
  it("compares dates at their common precision", () => {
    expect(datesCompatible({ year: 2022, month: 5 }, { year: 2022 })).toBe(true);
    expect(datesCompatible({ year: 2021, month: 5 }, { year: 2022, month: 5 })).toBe(false);
    expect(datesCompatible({ month: 7, day: 8 }, { year: 2024, month: 7, day: 8 })).toBe(true);
    expect(datesCompatible({ year: 2024, month: 7 }, { year: 2024, part: "summer" })).toBe(true);
    expect(datesCompatible({ year: 2024, month: 1 }, { year: 2024, part: "summer" })).toBe(false);
    expect(formatDate({ year: 2024, month: 4, day: 25 })).toBe("April 25, 2024");
  });
});

describe("quantities", () => {
  const q = (t: string) => findQuantities(t, hedges).map((x) => ({ text: x.text, ...x.value }));
  it("normalises money across symbols, codes, words and scales", () => {
    const a = q("a surplus of about $55.7 billion")[0];
    const b = q("USD 55.7bn")[0];
    const c = q("55.7 billion dollars")[0];
    for (const x of [a, b, c]) {
      expect(x.unit).toBe("money");
      expect(x.currency).toBe("USD");
      expect(x.value).toBeCloseTo(55.7e9);
    }
    expect(a.hedge).toBe("approx");
    expect(a.text).toBe("$55.7 billion");
    expect(q("€1.5bn")[0]).toMatchObject({ currency: "EUR", value: 1.5e9 });
    expect(q("₩1.2 trillion")[0]).toMatchObject({ currency: "KRW", value: 1.2e12 });
  });
  it("reads percentages, counts in words and digits, ordinals and ranges", () => {
    expect(q("accounts for 40% of world GDP")[0]).toMatchObject({ unit: "percent", value: 40 });
    expect(q("grew 12 percent")[0]).toMatchObject({ unit: "percent", value: 12 });
    expect(q("four main pillars")[0]).toMatchObject({ unit: "count", value: 4 });
    expect(q("70,000 jobs")[0]).toMatchObject({ unit: "count", value: 70000 });
    expect(q("China's fourth-largest trading partner")[0]).toMatchObject({ unit: "ordinal", value: 4, rankOf: "largest" });
    expect(q("the 7th forum")[0]).toMatchObject({ unit: "ordinal", value: 7 });
    expect(q("4 to 5 key issues")[0]).toMatchObject({ unit: "count", value: 4, high: 5 });
    expect(q("for the first time")).toEqual([]);
    expect(q("the forty-fifth anniversary")[0]).toMatchObject({ unit: "ordinal", value: 45 });
    expect(q("twenty-five members")[0]).toMatchObject({ unit: "count", value: 25 });
    expect(q("a third-party review and two-way trade")).toEqual([]);
    expect(q("a 25-year concession")[0]).toMatchObject({ unit: "count", value: 25 });
    // A change from one value to another is two values, not a range.
    expect(q("raised the credit from 8% to 15%").map((x) => [x.text, x.value, x.role])).toEqual([
      ["8%", 8, "from"],
      ["15%", 15, "to"],
    ]);
  });
  it("reads hedges", () => {
    expect(q("more than 40%")[0].hedge).toBe("over");
    expect(q("nearly $2 million")[0].hedge).toBe("approx");
    expect(q("up to 5 countries")[0].hedge).toBe("at-most");
  });
  it("compares with rounding and hedges", () => {
    const [x] = findQuantities("roughly $60 billion", hedges);
    const [y] = findQuantities("about $55.7 billion", hedges);
    const [z] = findQuantities("about $56 billion", hedges);
    expect(quantitiesCompatible(x.value, y.value)).toBe(false);
    expect(quantitiesCompatible(z.value, y.value)).toBe(true);
    const [over] = findQuantities("over $50 billion", hedges);
    expect(quantitiesCompatible(over.value, y.value)).toBe(true);
    const [range] = findQuantities("4 to 5 issues", hedges);
    const [five] = findQuantities("5 issues", hedges);
    expect(quantitiesCompatible(five.value, range.value)).toBe(true);
  });
});

describe("entities", () => {
  it("finds 'Full Name (ACR)' definitions and checks the acronym against the name", () => {
    const defs = findDefinitions("The Regional Comprehensive Economic Partnership (RCEP) and the Blue Dot Network (BDN) matter; the summit (G7) does not.");
    expect(defs.map((d) => [d.name, d.acronym])).toEqual([
      ["Regional Comprehensive Economic Partnership", "RCEP"],
      ["Blue Dot Network", "BDN"],
    ]);
    expect(findDefinitions("the China-Korea Free Trade Agreement (FTA)").map((d) => d.name)).toEqual(["Free Trade Agreement"]);
    expect(findDefinitions("the Japan-US Economic Policy Consultative Committee (EPCC)").map((d) => d.acronym)).toEqual(["EPCC"]);
    // An acronym may reorder the name's words; a two-letter swap is too weak a sign.
    expect(findDefinitions("the Mekong-Lancang Cooperation (LMC) met").map((d) => d.name)).toEqual(["Mekong-Lancang Cooperation"]);
    expect(findDefinitions("the Blue Gate (GB) met")).toEqual([]);
    expect(findDefinitions("and the Agence Française de Développement (AFD) lent").map((d) => d.name)).toEqual(["Agence Française de Développement"]);
  });
  it("matches names, acronyms and aliases by tokens, acronyms case-sensitively", () => {
    const reg = new EntityRegistry({
      entities: [{ id: "ipef", name: "Indo-Pacific Economic Framework for Prosperity", acronym: "IPEF", aliases: ["Indo-Pacific Economic Framework"], kind: "framework", facts: [] }],
    });
    const id = reg.addDefinition({ name: "Lobito Corridor Partnership", acronym: "LCP", start: 0, end: 0 });
    const found = reg.matcher().find("IPEF's pillars, the indo-pacific economic framework, ipef and the LCP.");
    expect(found.map((m) => [m.key, m.text])).toEqual([
      ["ipef", "IPEF"],
      ["ipef", "indo-pacific economic framework"],
      [id, "LCP"],
    ]);
  });
});

describe("words", () => {
  it("stems plural and inflected forms alike", () => {
    expect(stem("pillars")).toBe(stem("pillar"));
    expect(stem("countries")).toBe(stem("country"));
    expect(stem("surplus")).toBe("surplus");
  });
  it("joins irregular verb forms and nouns whose verb differs", () => {
    expect(stem("taken")).toBe(stem("take"));
    expect(stem("grew")).toBe(stem("grows"));
    expect(stem("sales")).toBe(stem("sold"));
    expect(stem("respectively")).not.toBe(stem("respect"));
  });
});
