// The tree of another commit, extracted beside this one (sharing its node_modules), for the
// benches that run an older engine side by side with this tree's.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

export function run(cmd: string, args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): string {
  const r = spawnSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 256 * 1024 * 1024, ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr?.slice(0, 2000)}`);
  return r.stdout;
}

/** Extracts `ref` of the repository at `root` into a new temporary folder and returns the folder. */
export function treeAt(root: string, ref: string, prefix = "factcheck-bench-before-"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const archive = path.join(dir, "tree.tar");
  run("git", ["-C", root, "archive", "-o", archive, ref]);
  run("tar", ["-xf", archive, "-C", dir]);
  fs.rmSync(archive);
  fs.symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"));
  return dir;
}
