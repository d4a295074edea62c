// The block cache of the check: after every edit of a typing session, the check that reuses cached
// blocks gives what a check from scratch gives (verdicts, diagnostics and their offsets), whether
// the edit changes a sentence, a heading, a table header, what earlier blocks named, or the text's
// length before unchanged blocks.
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDenseDraft, generateDraft } from "../../bench/generate";
import { createFactCheckService } from "../../server/src/core/service";
import type { FactCheckService } from "../../server/src/core/serviceTypes";
import { seededRandom } from "../support/random";

const CORPUS = path.resolve(__dirname, "../../../shared/corpus");

/** Edits a writer makes: a character typed or deleted, a figure or year changed, a line removed or added. */
function edit(text: string, r: () => number): string {
  const at = Math.floor(r() * text.length);
  switch (Math.floor(r() * 6)) {
    case 0:
      return text.slice(0, at) + "x" + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1);
    case 2:
      return text.replace(/\d{4}/g, (y, offset: number) => (offset >= at && offset < at + 400 ? String(Number(y) + 1) : y));
    case 3: {
      // A heading or table header renamed: later blocks are read under another context.
      const line = text.indexOf("\n## ", at);
      return line < 0 ? text : text.slice(0, line + 4) + "Revised " + text.slice(line + 4);
    }
    case 4: {
      const start = text.lastIndexOf("\n", at);
      const end = text.indexOf("\n", at);
      return start < 0 || end < 0 ? text : text.slice(0, start) + text.slice(end);
    }
    default:
      return text.slice(0, at) + "\n\nThe Indo-Pacific Economic Framework (IPEF) was launched in May 2021. It held its first round in 2023.\n\n" + text.slice(at);
  }
}

describe("the block cache", () => {
  let service: FactCheckService;
  beforeAll(async () => {
    service = createFactCheckService();
    await service.setCorpus([CORPUS]);
  }, 60_000);

  for (const [name, draft] of [
    ["a generated brief", generateDraft(16 * 1024, 7)],
    ["a dense brief with tables and lists", generateDenseDraft(16 * 1024)],
  ] as const) {
    it(`gives the uncached check's results after every edit of ${name}`, () => {
      const r = seededRandom(11);
      let text = draft;
      let diagnosticsSeen = 0;
      for (let i = 0; i < 40; i++) {
        text = edit(text, r);
        const cached = service.check(text, { cacheOwner: "draft.md" });
        const fresh = service.check(text, { cache: false });
        expect(cached.diagnostics).toEqual(fresh.diagnostics);
        expect(cached.verdicts).toEqual(fresh.verdicts);
        diagnosticsSeen += fresh.diagnostics.length;
      }
      // The drafts hold conflicts with the corpus: the comparison is not of empty results.
      expect(diagnosticsSeen).toBeGreaterThan(40);
      service.releaseCache("draft.md");
    });
  }

  it("serves an open draft of more blocks than the cache's bound from the cache as it is typed", () => {
    // 21,000 paragraphs, each a claim the corpus speaks to (the bound is 20,000 blocks).
    const paragraphs = Array.from({ length: 21_000 }, (_, i) => `The Indo-Pacific Economic Framework (IPEF) was launched in May ${2000 + (i % 25)}.`);
    const draft = paragraphs.join("\n\n");
    const first = service.check(draft, { cacheOwner: "long.md" });
    const at = draft.indexOf("launched", draft.length / 2);
    const typed = `${draft.slice(0, at)}x${draft.slice(at)}`;
    const second = service.check(typed, { cacheOwner: "long.md" });
    expect(second).toEqual(service.check(typed, { cache: false }));
    // A verdict read from the cache keeps the sources list it was made with; one made again has its own.
    const reused = second.verdicts.filter((v, i) => v.sources.length > 0 && v.sources === first.verdicts[i]?.sources).length;
    expect(first.verdicts.filter((v) => v.sources.length > 0).length).toBeGreaterThan(20_000);
    expect(reused).toBeGreaterThan(first.verdicts.length - 10);
    service.releaseCache("long.md");
  }, 60_000);

  it("keeps blocks of two open drafts apart and drops a closed draft's blocks", () => {
    const a = generateDraft(8 * 1024, 3);
    const b = a.replace(/2022/g, "2019");
    const first = service.check(a, { cacheOwner: "a.md" });
    service.check(b, { cacheOwner: "b.md" });
    service.releaseCache("b.md");
    expect(service.check(a, { cacheOwner: "a.md" })).toEqual(first);
    expect(service.check(b, { cacheOwner: "b.md" })).toEqual(service.check(b, { cache: false }));
    service.releaseCache("a.md");
    service.releaseCache("b.md");
  });
});
