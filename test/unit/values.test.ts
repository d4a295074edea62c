// Value extraction: the forms a brief writes, read with exact spans and normalised values, and the
// figures reached on the peer-extraction cases (../shared/peer-extraction), scored by its own scorer.
import { describe, expect, it } from "vitest";
import { findDates } from "../../server/src/core/extract/dates";
import { loadLexicon } from "../../server/src/core/extract/lexicon";
import { findQuantities } from "../../server/src/core/extract/quantities";
import { extractAll, loadPeerCases, scorePeer } from "../../bench/valuesPeer";

const hedges = loadLexicon().hedges;
const q = (text: string) => findQuantities(text, hedges).map((f) => ({ text: f.text, ...f.value }));
const d = (text: string, ref = { year: 2024, month: 6, day: 15 }) => findDates(text, ref).map((f) => ({ text: f.text, ...f.value }));

describe("figures", () => {
  it.each([
    ["The fund has one hundred and sixteen members.", "one hundred and sixteen", 116],
    ["It counted thirty three projects.", "thirty three", 33],
    ["Some 1,674.5 million people were covered.", "1,674.5 million", 1_674_500_000],
    ["About 1.2 million people moved.", "1.2 million", 1_200_000],
    ["Fewer than a thousand sites remain.", "a thousand", 1000],
    ["It took twenty-one thousand and twelve steps.", "twenty-one thousand and twelve", 21_012],
  ])("reads the count in %j", (text, span, value) => {
    expect(q(text)).toContainEqual(expect.objectContaining({ text: span, unit: "count", value }));
  });

  it.each([
    ["the thirty-first meeting", "thirty-first", 31],
    ["the forty second session", "forty second", 42],
    ["its 21st summit", "21st", 21],
  ])("reads the ordinal in %j", (text, span, value) => {
    expect(q(text)).toContainEqual(expect.objectContaining({ text: span, unit: "ordinal", value }));
  });

  it.each([
    ["a pledge of fifty billion dollars", "fifty billion dollars", 50e9, "USD"],
    ["a loan of 50 million USD to the port", "50 million USD", 50e6, "USD"],
    ["125 million Australian dollars of bonds", "125 million Australian dollars", 125e6, "AUD"],
    ["a budget of EUR 4.2bn", "EUR 4.2bn", 4.2e9, "EUR"],
    ["a plan worth A$368 billion", "A$368 billion", 368e9, "AUD"],
    ["grants of five million yen", "five million yen", 5e6, "JPY"],
    ["3 trillion won in subsidies", "3 trillion won", 3e12, "KRW"],
    ["costs of 3.1 billion euros", "3.1 billion euros", 3.1e9, "EUR"],
    ["a fee of 20 Euro", "20 Euro", 20, "EUR"],
    ["a price of 115USD", "115USD", 115, "USD"],
    ["about c $ 16.4 million", "c $ 16.4 million", 16.4e6, "CAD"],
  ])("reads the money in %j", (text, span, value, currency) => {
    const [found] = q(text);
    expect(found).toMatchObject({ text: span, unit: "money", currency });
    expect(found.value).toBeCloseTo(value, 0);
  });

  it("reads percentages in words and leaves web addresses alone", () => {
    expect(q("Tariffs fell by twenty percent.")).toEqual([expect.objectContaining({ text: "twenty percent", unit: "percent", value: 20 })]);
    expect(q("See https://example.org/search?q=30%25%2020% for details.")).toEqual([]);
  });

  it.each([
    ["between 20 and 30 sites", "20 and 30", "count", 20, 30, undefined],
    ["between 10 and 20 dollars", "10 and 20 dollars", "money", 10, 20, "USD"],
    ["a $10-15 billion fund", "$10-15 billion", "money", 10e9, 15e9, "USD"],
    ["two to three million people", "two to three million", "count", 2e6, 3e6, undefined],
  ])("reads the range in %j", (text, span, unit, value, high, currency) => {
    expect(q(text)).toEqual([expect.objectContaining({ text: span, unit, value, high, ...(currency ? { currency } : {}) })]);
  });

  it("keeps bounds as hedges and splits a change into its two ends", () => {
    expect(q("no less than thirty states")).toEqual([expect.objectContaining({ text: "thirty", value: 30, hedge: "at-least" })]);
    expect(q("it rose from 10 to 20 dollars").map((x) => [x.value, x.role, x.unit])).toEqual([[10, "from", "money"], [20, "to", "money"]]);
  });

  it("reads any ISO currency code and no count in labels, versions, names or vague amounts", () => {
    expect(q("EGAT has budgeted THB 4.5 billion.")).toEqual([expect.objectContaining({ text: "THB 4.5 billion", unit: "money", currency: "THB", value: 4.5e9 })]);
    expect(q("1.1 The strategy aims at growth.")).toEqual([]);
    expect(q("the Cybersecurity Framework 2.0 and target 14.6")).toEqual([]);
    expect(q('a "Five-Four-Three-Two" posture')).toEqual([]);
    expect(q("several hundred million dollars a year")).toEqual([]);
    expect(q("published: 2024-03")).toEqual([]);
  });

  it("reads no count in a phone number, a lone 'one' or a year", () => {
    expect(q("Call +1-222-2222-2222 today.")).toEqual([]);
    expect(q("It is one of the largest in 2019.")).toEqual([]);
    expect(q("1m isn't a number.")).toEqual([]);
  });
});

describe("dates", () => {
  it.each([
    ["talks on march 3, 2015", "march 3, 2015", { year: 2015, month: 3, day: 3 }],
    ["a meeting on 14 nov 2023", "14 nov 2023", { year: 2023, month: 11, day: 14 }],
    ["sold on Dec. 31 , 1994", "Dec. 31 , 1994", { year: 1994, month: 12, day: 31 }],
    ["in the third quarter of 2016", "the third quarter of 2016", { year: 2016, part: "q3" }],
    ["in 2019 Q1", "2019 Q1", { year: 2019, part: "q1" }],
    ["the 1st quarter of 2013", "the 1st quarter of 2013", { year: 2013, part: "q1" }],
    ["in the first half of 2023", "the first half of 2023", { year: 2023, part: "h1" }],
    ["since june of 1992", "june of 1992", { year: 1992, month: 6 }],
    ["file report-2002-10-09.xlsx", "2002-10-09", { year: 2002, month: 10, day: 9 }],
  ])("reads %j", (text, span, date) => {
    expect(d(text)).toEqual([expect.objectContaining({ text: span, date })]);
  });

  it("rejects impossible dates without reading a part of them", () => {
    for (const text of ["June 31, 2022", "February 29, 2014", "32 August 2014", "2014-02-30", "06/31/2022", "2015-1-32"]) expect(d(text), text).toEqual([]);
    expect(d("February 29, 2024")).toEqual([expect.objectContaining({ date: { year: 2024, month: 2, day: 29 } })]);
  });

  it("reads spans of years, months and days with both ends", () => {
    expect(d("over 2014-2018").map((x) => [x.text, x.date, x.modifier])).toEqual([["2014", { year: 2014 }, "between"], ["2018", { year: 2018 }, "between"]]);
    expect(d("from 2025 to 2030").map((x) => x.date.year)).toEqual([2025, 2030]);
    expect(d("in 2019–20").map((x) => x.date.year)).toEqual([2019, 2020]);
    expect(d("code 2015-32")).toEqual([]);
    expect(d("from May to October 2020").map((x) => x.date)).toEqual([{ year: 2020, month: 5 }, { year: 2020, month: 10 }]);
    expect(d("Nov-Feb 2017").map((x) => x.date)).toEqual([{ year: 2016, month: 11 }, { year: 2017, month: 2 }]);
    expect(d("met on June 24-25")).toEqual([expect.objectContaining({ text: "June 24-25", date: { year: 2024, month: 6 }, period: { from: { year: 2024, month: 6, day: 24 }, to: { year: 2024, month: 6, day: 25 } } })]);
    expect(d("met 24–25 June")[0].date).toEqual({ year: 2024, month: 6 });
    const [span] = d("held 10 to 22 August 2012");
    expect(span).toMatchObject({ date: { year: 2012, month: 8 }, period: { from: { year: 2012, month: 8, day: 10 }, to: { year: 2012, month: 8, day: 22 } } });
  });

  it("does not read a count of things as a year", () => {
    expect(d("They will deliver 2000 pieces of equipment.")).toEqual([]);
    expect(q("They will deliver 2000 pieces of equipment.")).toEqual([expect.objectContaining({ text: "2000", unit: "count", value: 2000 })]);
    expect(d("The 2022 elections were close.")).toEqual([expect.objectContaining({ date: { year: 2022 } })]);
  });

  it("keeps 'after' on a relative year and infers a year-less date's year from the tense", () => {
    expect(d("after this year")).toEqual([expect.objectContaining({ text: "this year", date: { year: 2024 }, modifier: "after" })]);
    const ref = { year: 2024, month: 2, day: 10 };
    expect(d("The ministers will meet on 8 August.", ref)[0].date).toEqual({ year: 2024, month: 8, day: 8 });
    expect(d("The ministers met on 8 August.", ref)[0].date).toEqual({ year: 2023, month: 8, day: 8 });
    expect(d("Talks resume on 5 March.", ref)[0].date).toEqual({ year: 2024, month: 3, day: 5 });
  });
});

describe("peer-extraction cases", () => {
  it("reaches >= 92% policy-tier value accuracy in every category and <= 8% false extractions", () => {
    const cases = loadPeerCases();
    const { figures, table } = scorePeer(extractAll(cases, { findDates, findQuantities: (t) => findQuantities(t, hedges) }));
    for (const category of ["dates", "numbers", "money", "ordinals", "percent", "ranges"]) expect(figures[category], `${category}\n${table}`).toBeGreaterThanOrEqual(92);
    expect(figures.false, table).toBeLessThanOrEqual(8);
  });
});
