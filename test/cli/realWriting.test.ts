// Drafts written the way real articles are (figures in "respectively" and comma lists, a rank that
// "moved up one spot from fifth"), in our own words, against the seed corpus: each figure is about
// its own party, a party the sources give no figure for is not covered, a former value is not a
// claim about now; the two planted errors are found.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const cli = path.join(root, "server/out/cli.js");

describe("drafts in the manner of real reporting", () => {
  it("flags only the two wrong figures among lists, ranks and former values", () => {
    const draft = path.join(root, "test/fixtures/real-writing/lists-and-ranks.md");
    const r = spawnSync(process.execPath, [cli, "check", "--format", "json", "--corpus", path.resolve(root, "../shared/corpus"), draft], { encoding: "utf8" });
    const found = JSON.parse(r.stdout).files[0].diagnostics.map((d: { code: string; claimed: string; expected: string }) => [d.code, d.claimed, d.expected]);
    expect(found).toEqual([
      ["figure-conflict", "third-largest", "fourth-largest"],
      ["figure-conflict", "226%", "266%"],
    ]);
  });
});
