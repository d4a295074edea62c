// The corpus timeline's data (engine) and layout (webview), on a small in-memory corpus about
// made-up agreements: lanes, points, periods, merged sources and marked disagreements.
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { spanOf } from "../../server/src/core/report/timeline";
import { createFactCheckService } from "../../server/src/core/service";
import type { TimelineData } from "../../server/src/core/report/types";
import { placeLanes, pointLabel, summarize, ticks, timeScale, visiblePoints } from "../../client/src/views/timelineLayout";

const corpus = {
  "/corpus/review.md": `---
title: Sharing the northern rivers
publisher: River Review
published: 2023-06-10
---

The Northern Rivers Water Compact (NRWC) was signed on March 14, 2019 in Linden.
The NRWC entered into force in January 2020.
The Coastal Fisheries Accord (CFA) was launched in May 2021.
The CFA members met in Porto in October 2022.
The Regional Grid Initiative (RGI) investment plan runs from 2021 to 2030.
`,
  "/corpus/yearbook.md": `---
title: Basin yearbook
publisher: Basin Monitor
published: 2024-02-01
---

The Northern Rivers Water Compact (NRWC) was signed in November 2018 in Linden.
The NRWC entered into force in January 2020, two years late.
The CFA members met again in Brest in November 2023.
`,
  "/other/self.md": `---
title: One chronicle
published: 2024-01-01
---

The Harbor Safety Pact (HSP) was launched in April 2016 by the port cities.
A revised HSP was launched in June 2019 with new members.
`,
};

async function timelineOf(folder = "/corpus"): Promise<TimelineData> {
  const s = createFactCheckService({ fileSystem: inMemoryFileSystem(corpus), catalog: { entities: [] }, builtinFacts: "never" });
  await s.setCorpus([folder]);
  return s.timeline();
}

const rows = (t: TimelineData) => t.points.map((p) => [p.lane, p.label, p.dateText, p.kind]);

describe("timeline data", () => {
  it("puts every dated fact in its entity's lane, earliest first", async () => {
    const t = await timelineOf();
    expect(rows(t)).toEqual([
      ["nrwc", "signing", "November 2018", "event"],
      ["nrwc", "signing", "March 14, 2019", "event"],
      ["nrwc", "entry into force", "January 2020", "event"],
      ["rgi", "period", "2021 – 2030", "period"],
      ["cfa", "launch", "May 2021", "event"],
      ["cfa", "meeting", "October 2022", "event"],
      ["cfa", "meeting", "November 2023", "event"],
    ]);
    expect(t.lanes.map((l) => [l.id, l.acronym, l.points])).toEqual([
      ["cfa", "CFA", 3],
      ["nrwc", "NRWC", 3],
      ["rgi", "RGI", 1],
    ]);
    expect(t.points.map((p) => p.id)).toEqual(t.points.map((_, i) => i));
    expect(t.omitted).toBe(0);
  });

  it("gives each point the days it may stand for", async () => {
    const t = await timelineOf();
    const byDate = new Map(t.points.map((p) => [p.dateText, p]));
    expect(byDate.get("March 14, 2019")).toMatchObject({ from: "2019-03-14", to: "2019-03-14", exact: true });
    expect(byDate.get("November 2018")).toMatchObject({ from: "2018-11-01", to: "2018-11-30", exact: false });
    expect(byDate.get("2021 – 2030")).toMatchObject({ from: "2021-01-01", to: "2030-12-31", exact: true });
  });

  it("merges one fact stated by two documents into one point with both sources", async () => {
    const t = await timelineOf();
    const inForce = t.points.find((p) => p.label === "entry into force")!;
    expect(inForce.sources.map((s) => [s.document, s.range.start.line])).toEqual([
      ["review.md", 7],
      ["yearbook.md", 7],
    ]);
    expect(inForce.disagreement).toBeUndefined();
  });

  it("points each source at the value in the passage", async () => {
    const t = await timelineOf();
    const signed = t.points.find((p) => p.dateText === "March 14, 2019")!;
    const [source] = signed.sources;
    const line = corpus["/corpus/review.md"].split("\n")[source.range.start.line];
    expect(line.slice(source.range.start.character, source.range.end.character)).toBe("March 14, 2019");
    expect(source.quote).toContain("was signed on March 14, 2019");

  });

  it("marks two documents dating one signing differently, and not meetings on many dates", async () => {
    const t = await timelineOf();
    const disputed = t.points.filter((p) => p.disagreement !== undefined);
    expect(disputed.map((p) => p.dateText)).toEqual(["November 2018", "March 14, 2019"]);
    expect(new Set(disputed.map((p) => p.disagreement)).size).toBe(1);
    expect(t.points.filter((p) => p.label === "meeting").every((p) => p.disagreement === undefined)).toBe(true);
  });

  it("does not mark one document that dates two launches", async () => {
    const t = await timelineOf("/other");
    expect(rows(t)).toEqual([
      ["hsp", "launch", "April 2016", "event"],
      ["hsp", "launch", "June 2019", "event"],
    ]);
    expect(t.points.every((p) => p.disagreement === undefined)).toBe(true);
  });

  it("lists the cited documents for the source filter", async () => {
    const t = await timelineOf();
    expect(t.documents).toEqual([
      { id: "yearbook.md", title: "Basin yearbook", publisher: "Basin Monitor", published: "2024-02-01", path: "/corpus/yearbook.md" },
      { id: "review.md", title: "Sharing the northern rivers", publisher: "River Review", published: "2023-06-10", path: "/corpus/review.md" },
    ]);
  });

  it("is empty for an empty corpus", async () => {
    const t = await timelineOf("/nowhere");
    expect(t).toEqual({ lanes: [], points: [], documents: [], omitted: 0 });
  });

  it("spans months, seasons and years to their last day", () => {
    expect(spanOf({ year: 2024, month: 2 })).toEqual(["2024-02-01", "2024-02-29"]);
    expect(spanOf({ year: 2023, part: "q3" })).toEqual(["2023-07-01", "2023-09-30"]);
    expect(spanOf({ year: 2023, part: "winter" })).toEqual(["2023-12-01", "2024-02-29"]);
    expect(spanOf({ year: 2022 })).toEqual(["2022-01-01", "2022-12-31"]);
  });
});

describe("timeline layout", () => {
  it("filters by entity and by source document", async () => {
    const t = await timelineOf();
    expect(visiblePoints(t, { entity: "cfa", document: "" }).map((p) => p.dateText)).toEqual(["May 2021", "October 2022", "November 2023"]);
    expect(visiblePoints(t, { entity: "", document: "yearbook.md" }).map((p) => p.dateText)).toEqual([
      "November 2018",
      "January 2020",
      "November 2023",
    ]);
    expect(visiblePoints(t, { entity: "rgi", document: "yearbook.md" })).toEqual([]);
  });

  it("scales the points' extent to the width, with a margin", async () => {
    const t = await timelineOf();
    const scale = timeScale(t.points, 1000);
    const xs = t.points.map((p) => scale.x(Date.parse(p.from) / 86_400_000));
    expect(Math.min(...xs)).toBeGreaterThan(0);
    expect(Math.max(...xs)).toBeLessThan(1000);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
  });

  it("ticks years when zoomed out and months when zoomed in", async () => {
    const t = await timelineOf();
    const years = ticks(timeScale(t.points, 800));
    expect(years.every((k) => /^\d{4}$/.test(k.label) && k.major)).toBe(true);
    expect(years.map((k) => k.label)).toContain("2020");
    const months = ticks(timeScale(t.points, 800 * 32));
    expect(months.some((k) => k.label === "Jul" && !k.major)).toBe(true);
    for (const list of [years, months]) {
      for (let i = 1; i < list.length; i++) expect(list[i].x - list[i - 1].x).toBeGreaterThanOrEqual(60);
    }
  });

  it("packs a lane's points into rows where nothing overlaps", async () => {
    const t = await timelineOf();
    const placed = placeLanes(t.lanes, t.points, timeScale(t.points, 300));
    expect(placed.map((l) => l.lane.id)).toEqual(["cfa", "nrwc", "rgi"]);
    for (const lane of placed) {
      for (const a of lane.points) {
        for (const b of lane.points) {
          if (a !== b && a.row === b.row) expect(a.x2 <= b.x1 || b.x2 <= a.x1).toBe(true);
        }
      }
    }
    // At 300 px the two NRWC signings, four months apart, cannot share a row.
    expect(new Set(placed[1].points.map((p) => p.row)).size).toBeGreaterThan(1);
  });

  it("labels each point for screen readers and counts what is shown", async () => {
    const t = await timelineOf();
    const lane = t.lanes.find((l) => l.id === "nrwc");
    const disputed = t.points.find((p) => p.dateText === "November 2018")!;
    const docs = new Map(t.documents.map((d) => [d.id, d]));
    expect(pointLabel(disputed, lane, docs)).toBe("NRWC: signing, November 2018, Basin yearbook. The sources disagree on this date");
    const inForce = t.points.find((p) => p.label === "entry into force")!;
    expect(pointLabel(inForce, lane, docs)).toBe("NRWC: entry into force, January 2020, Sharing the northern rivers and 1 more source");
    expect(summarize(t.points)).toEqual({ points: 7, lanes: 3, disagreements: 1 });
  });
});
