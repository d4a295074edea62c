// What every real-editor run needs: the bundled in-host suite, a fresh copy of the fixture
// workspace with absolute corpus paths, the packaged .vsix.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { build } from "esbuild";
import { ROOT } from "./tools.mjs";

export const FIXTURE_WORKSPACE = path.join(ROOT, "test", "e2e", "workspace");
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
export const VSIX = path.join(ROOT, `${manifest.name}-${manifest.version}.vsix`);

/** The corpus the project's .factcheckrc.json names (../shared/corpus beside the repository). */
export function projectCorpusDir() {
  const config = JSON.parse(fs.readFileSync(path.join(ROOT, ".factcheckrc.json"), "utf8"));
  const corpus = path.resolve(ROOT, config.corpus[0]);
  if (!fs.existsSync(corpus)) throw new Error(`the corpus ${corpus} named by .factcheckrc.json is missing`);
  return corpus;
}

/** Bundles test/e2e/suite/index.ts into `outDir/index.js` (CommonJS, `vscode` external). */
export async function bundleSuite(outDir) {
  const outfile = path.join(outDir, "index.js");
  await build({
    entryPoints: [path.join(ROOT, "test", "e2e", "suite", "index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "cjs",
    target: "node18",
    external: ["vscode"],
    sourcemap: "inline",
    logLevel: "warning",
  });
  return outfile;
}

/** The suite's config, written beside the bundle where `run()` reads it. */
export function writeSuiteConfig(suiteFile, config) {
  fs.writeFileSync(path.join(path.dirname(suiteFile), "e2e-config.json"), JSON.stringify(config, null, 2));
}

const ALTERNATIVE_DOCUMENT = `---
title: An alternative chronicle
publisher: Test Press
published: 2024-01-15
---

# Trade frameworks

In May 2021, the United States launched the Indo-Pacific Economic Framework (IPEF) with its partners in the region.
`;

/**
 * Copies the fixture workspace into `dir/workspace` with .factcheckrc.json pointing at the project
 * corpus by absolute path, and writes a one-document alternative corpus at `dir/alternative-corpus`
 * and a corpus of one PDF report at `dir/report-corpus`.
 */
export function makeWorkspace(dir) {
  const workspace = path.join(dir, "workspace");
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const corpusDir = projectCorpusDir();
  fs.writeFileSync(path.join(workspace, ".factcheckrc.json"), JSON.stringify({ corpus: [corpusDir] }, null, 2) + "\n");
  const alternativeCorpusDir = path.join(dir, "alternative-corpus");
  fs.mkdirSync(alternativeCorpusDir, { recursive: true });
  fs.writeFileSync(path.join(alternativeCorpusDir, "alternative.md"), ALTERNATIVE_DOCUMENT);
  const reportCorpusDir = path.join(dir, "report-corpus");
  fs.mkdirSync(reportCorpusDir, { recursive: true });
  fs.copyFileSync(path.join(ROOT, "test", "fixtures", "formats", "river-report.pdf"), path.join(reportCorpusDir, "river-report.pdf"));
  return { workspace, corpusDir, alternativeCorpusDir, reportCorpusDir };
}

/** `npm run package`: the production bundles and the .vsix. */
export function packageVsix() {
  const r = spawnSync("npm", ["run", "--silent", "package"], { cwd: ROOT, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`npm run package failed (exit ${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  if (!fs.existsSync(VSIX)) throw new Error(`npm run package did not write ${VSIX}`);
  checkVsixReadme(vsixEntries(VSIX));
  return VSIX;
}

/**
 * The Marketplace page is the writers' README (EXTENSION.md), not the developer README, and a
 * CHANGELOG ships beside it. vsce copies the readme as it is when it has no relative links.
 */
function checkVsixReadme(entries) {
  const sizeOf = (name) => entries.find((e) => e.name === name)?.size;
  const writers = fs.statSync(path.join(ROOT, "EXTENSION.md")).size;
  if (sizeOf("extension/readme.md") !== writers) {
    throw new Error(`the .vsix readme is not EXTENSION.md (${sizeOf("extension/readme.md")} bytes, EXTENSION.md has ${writers})`);
  }
  if (!sizeOf("extension/changelog.md")) throw new Error("the .vsix has no changelog.md");
  if (entries.some((e) => /^extension\/README\.md$/.test(e.name))) throw new Error("the .vsix also holds the developer README.md");
}

/** A file listing of the .vsix (a zip), from its central directory; no unzip tool needed. */
export function vsixEntries(file) {
  const buf = fs.readFileSync(file);
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${file} is not a zip`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let i = 0; i < count; i++) {
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    entries.push({ name: buf.toString("utf8", at + 46, at + 46 + nameLength), size: buf.readUInt32LE(at + 24) });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
