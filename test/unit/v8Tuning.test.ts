// The server and the CLI tune V8 (server/src/v8Tuning.ts). A flag this Node does not know would be
// ignored without a word by setFlagsFromString: each must be one the node binary accepts.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { V8_FLAGS } from "../../server/src/v8Tuning";

describe("V8 tuning", () => {
  it.each(V8_FLAGS)("%s is a flag this Node accepts", (flag) => {
    const r = spawnSync(process.execPath, [flag, "-e", "0"], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });

  it("rejects a flag it does not know (the test above can fail)", () => {
    const r = spawnSync(process.execPath, ["--no-such-inlining-flag", "-e", "0"], { encoding: "utf8" });
    expect(r.status).not.toBe(0);
  });
});
