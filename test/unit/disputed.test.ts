// A draft's value that one source supports and another contradicts is reported as the sources
// disagreeing (information), with both passages; a value both support stays silent.
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { createFactCheckService } from "../../server/src/core/service";

const doc = (title: string, body: string) => `---\ntitle: ${title}\npublisher: Desk\npublished: 2024-05-01\n---\n\n${body}\n`;
const corpus = {
  "/c/a.md": doc("Fund notes", "The Harbour Resilience Fund (HRF) will mobilise $500 billion for coastal defences."),
  "/c/b.md": doc("Fund review", "The Harbour Resilience Fund (HRF) will mobilise $300 billion for coastal defences."),
};

async function check(md: string) {
  const s = createFactCheckService({ fileSystem: inMemoryFileSystem(corpus), catalog: { entities: [] } });
  await s.setCorpus(["/c"]);
  return s.check(md).diagnostics;
}

describe("a value the sources disagree on", () => {
  it("is reported as information with both passages when one source supports it", async () => {
    const [d, ...rest] = await check("The HRF will mobilise $500 billion for coastal defences.\n");
    expect(rest).toEqual([]);
    expect(d).toMatchObject({ code: "sources-disagree", severity: "information", claimed: "$500 billion" });
    expect(d.message).toContain("one gives $500 billion as the draft does, another $300 billion");
    expect(d.sources.map((s) => s.document).sort()).toEqual(["a.md", "b.md"]);
  });
  it("is reported as the sources disagreeing when neither gives the draft's value", async () => {
    const [d] = await check("The HRF will mobilise $50 billion for coastal defences.\n");
    expect(d).toMatchObject({ code: "sources-disagree", claimed: "$50 billion" });
  });
});
