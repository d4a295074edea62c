// The claims report of a draft (every verdict kind, by section, with totals), its text and
// Markdown forms, and the optional unsourced-claim diagnostic, on a small in-memory corpus.
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { summaryText } from "../../server/src/core/report/claimsReport";
import { reportMarkdown, reportText } from "../../server/src/core/report/render";
import { createFactCheckService } from "../../server/src/core/service";

const corpus = {
  "/corpus/review.md": `---
title: Sharing the northern rivers
publisher: River Review
published: 2023-06-10
---

The Northern Rivers Water Compact (NRWC) was signed on March 14, 2019 in Linden.
The NRWC entered into force in January 2020.
Its basin fund holds $240 million for dams and flood defences.
The Coastal Fisheries Accord (CFA) was launched in May 2021.
`,
  "/corpus/yearbook.md": `---
title: Basin yearbook
publisher: Basin Monitor
published: 2024-02-01
---

The Northern Rivers Water Compact (NRWC) was signed in November 2018 in Linden.
The compact's basin fund holds $240 million.
`,
};

const draft = `Intro: the NRWC entered into force in January 2020.

# Water

The Northern Rivers Water Compact (NRWC) was signed in 2016.
The NRWC basin fund holds $260 million.

## Fisheries | and | pipes

The Coastal Fisheries Accord (CFA) was launched in May 2021.
The CFA now counts 14 member states.
`;

async function service() {
  const s = createFactCheckService({ fileSystem: inMemoryFileSystem(corpus), catalog: { entities: [] }, builtinFacts: "never" });
  await s.setCorpus(["/corpus"]);
  return s;
}

describe("claims report", () => {
  it("gives every claim its verdict, by section, in document order", async () => {
    const report = (await service()).claimsReport(draft);
    expect(report.sections.map((s) => [s.heading, s.line, s.claims.map((c) => [c.valueText, c.verdict, c.kind])])).toEqual([
      ["", 0, [["January 2020", "supported", "date"]]],
      ["Water", 2, [["2016", "disagree", "date"], ["$260 million", "conflict", "figure"]]],
      ["Fisheries | and | pipes", 7, [["May 2021", "supported", "date"], ["14", "not-covered", "figure"]]],
    ]);
    expect(report.totals).toEqual({ supported: 2, conflict: 1, disagree: 1, "not-covered": 1 });
    expect(report.claims).toBe(5);
    expect(report.summary).toBe("5 claims: 2 sourced, 1 conflict, 1 disputed, 1 unsourced");
  });

  it("keeps the claim's range, sentence, expected value and sources", async () => {
    const report = (await service()).claimsReport(draft);
    const conflict = report.sections[1].claims[1];
    const line = draft.split("\n")[conflict.range.start.line];
    expect(line.slice(conflict.range.start.character, conflict.range.end.character)).toBe("$260 million");
    expect(conflict.sentence).toBe("The NRWC basin fund holds $260 million.");
    expect(conflict.expected).toBe("$240 million");
    expect(conflict.sources.map((s) => [s.document, s.valueText, s.range.start.line])).toContainEqual(["review.md", "$240 million", 8]);
    expect(conflict.sources.every((s) => s.valueText === "$240 million")).toBe(true);
    const disputed = report.sections[1].claims[0];
    expect(new Set(disputed.sources.map((s) => s.valueText))).toEqual(new Set(["November 2018", "March 14, 2019"]));
    expect(report.sections[2].claims[1].sources).toEqual([]);
  });

  it("reports a draft without claims", async () => {
    const report = (await service()).claimsReport("# Notes\n\nNothing to check here.\n");
    expect(report).toEqual({ claims: 0, totals: { supported: 0, conflict: 0, disagree: 0, "not-covered": 0 }, summary: "no checkable claims", sections: [] });
  });

  it("says the totals as the status bar shows them", () => {
    expect(summaryText(18, { supported: 14, conflict: 1, disagree: 0, "not-covered": 3 })).toBe("18 claims: 14 sourced, 1 conflict, 3 unsourced");
    expect(summaryText(1, { supported: 0, conflict: 0, disagree: 1, "not-covered": 0 })).toBe("1 claim: 0 sourced, 0 conflicts, 1 disputed, 0 unsourced");
  });
});

describe("claims report output", () => {
  it("prints one line per claim under its section", async () => {
    const report = (await service()).claimsReport(draft);
    const text = reportText([{ path: "brief.md", report }]).split("\n");
    expect(text[0]).toBe("brief.md: 5 claims: 2 sourced, 1 conflict, 1 disputed, 1 unsourced");
    expect(text).toContain("  Water");
    expect(text.find((l) => l.includes("$260 million"))).toMatch(/^ {4}6:27 +conflict +\$260 million {2}the sources give \$240 million \(/);
    expect(text.find((l) => l.includes("not covered"))).toMatch(/^ {4}11:\d+ +not covered +14$/);
    expect(text.at(-1)).toBe("5 claims: 2 sourced, 1 conflict, 1 disputed, 1 unsourced (1 file).");
  });

  it("writes a Markdown table whose cells cannot break the table", async () => {
    const report = (await service()).claimsReport(draft);
    const md = reportMarkdown([{ path: "drafts/brief.md", report }]);
    const rows = md.split("\n").filter((l) => l.startsWith("| "));
    expect(rows[0]).toBe("| Section | Line | Claim | Verdict | Source |");
    expect(rows).toHaveLength(2 + 5);
    for (const row of rows.slice(2)) expect(row.split(/(?<!\\)\|/).length).toBe(7);
    expect(md).toContain("| Fisheries \\| and \\| pipes | 11 | 14 | ❔ not covered |  |");
    expect(md).toContain("❌ conflict: the sources give $240 million");
    expect(md).toContain("⚠️ sources disagree");
  });
});

describe("unsourced-claim diagnostic", () => {
  it("is off unless a severity is set", async () => {
    const s = await service();
    expect(s.check(draft).diagnostics.map((d) => d.code)).not.toContain("unsourced-claim");
    expect(s.check(draft, { severities: { "unsourced-claim": "off" } }).diagnostics.map((d) => d.code)).not.toContain("unsourced-claim");
  });

  it("marks each claim no source states, at the severity asked for", async () => {
    const s = await service();
    const unsourced = s.check(draft, { severities: { "unsourced-claim": "warning" } }).diagnostics.filter((d) => d.code === "unsourced-claim");
    expect(unsourced.map((d) => [draft.slice(d.start, d.end), d.severity, d.message])).toEqual([
      ["14", "warning", "No source in the corpus states this figure (14)."],
    ]);
  });

  it("is silenced by an inline comment naming it", async () => {
    const s = await service();
    const silenced = draft.replace("The CFA now counts", "<!-- factcheck-disable-next-line unsourced-claim -->\nThe CFA now counts");
    const codes = s.check(silenced, { severities: { "unsourced-claim": "error" } }).diagnostics.map((d) => d.code);
    expect(codes).not.toContain("unsourced-claim");
    expect(codes).toContain("figure-conflict");
  });
});

describe("claims report rows and status item (client)", async () => {
  const { claimDescription, claimsStatusText, sectionDescription } = await import("../../client/src/views/claimsText");

  it("describes each row by its verdict and source", async () => {
    const report = (await service()).claimsReport(draft);
    const [water, fisheries] = [report.sections[1], report.sections[2]];
    expect(water.claims.map(claimDescription)).toEqual([
      expect.stringMatching(/^sources disagree: (November 2018 \/ March 14, 2019|March 14, 2019 \/ November 2018)$/),
      "conflict: the sources give $240 million",
    ]);
    expect(fisheries.claims.map(claimDescription)).toEqual(["sourced: River Review", "not covered"]);
    expect(sectionDescription(water)).toBe("2 claims · 1 conflict · 1 sources disagree");
    expect(claimsStatusText(report)).toBe("$(error) 5 claims: 2 sourced, 1 conflict, 1 disputed, 1 unsourced");
  });
});
