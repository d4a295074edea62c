// Bundles the language server, the CLI and the VS Code client with esbuild.
// Type checking is separate (`npm run typecheck`): esbuild only strips types.
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { build } from "esbuild";
import { markdownItFields } from "./markdownItFields.mjs";

/** A hash of the engine's sources: the on-disk index cache of one build is never read by another. */
function engineHash() {
  const h = createHash("sha256");
  for (const f of readdirSync("server/src/core", { recursive: true }).sort()) if (String(f).endsWith(".ts")) h.update(f).update(readFileSync(`server/src/core/${f}`));
  return h.digest("hex").slice(0, 16);
}

const production = process.argv.includes("--production");
const common = {
  bundle: true,
  platform: "node",
  target: "node18",
  format: "cjs",
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
  define: { __ENGINE_HASH__: JSON.stringify(engineHash()) },
  // Parts of the HTML reader's dependencies that never run here, left out (see scripts/stubs);
  // jszip (in the Word reader) gets Node's own streams instead of the readable-stream copy, and
  // Node's own zlib instead of pako.
  alias: {
    "cssomnom/parse": "./scripts/stubs/no-stylesheets.mjs",
    htmlparser2: "./scripts/stubs/htmlparser2-parser.mjs",
    "readable-stream": "stream",
    pako: "./scripts/stubs/pako-node-zlib.mjs",
  },
  // markdown-it's class fields as plain assignments: a third of its parse time (see the plugin).
  plugins: [markdownItFields],
};

/**
 * The readers' large libraries (server/src/core/corpus/formats/libraries.ts) stay out of the
 * server's and the command line's bundles: each is a bundle of its own beside them in
 * server/out/, imported when a corpus first holds a PDF, a Word or an HTML file. Starting the
 * server or the command line then reads and compiles 1-1.4 MB of code instead of 5.4-5.9 MB.
 */
const LAZY_LIBRARIES = ["pdfjsApi", "domLibraries"];
const lazyLibraries = {
  name: "lazy-libraries",
  setup(b) {
    const filter = new RegExp(`^\\./(?:${LAZY_LIBRARIES.join("|")})$`);
    b.onResolve({ filter }, (args) => (/corpus[\\/]formats[\\/]/.test(args.importer) ? { path: `${args.path}.js`, external: true } : undefined));
  },
};
const lazyLibraryBuilds = LAZY_LIBRARIES.map((name) =>
  build({ ...common, entryPoints: [`server/src/core/corpus/formats/${name}.ts`], outfile: `server/out/${name}.js` }),
);

await (await import("./generate-grammar.mjs")).writeGrammar(); // syntaxes/ from data/catalog.json
await Promise.all([
  ...lazyLibraryBuilds,
  build({ ...common, plugins: [...common.plugins, lazyLibraries], entryPoints: ["server/src/server.ts"], outfile: "server/out/server.js" }),
  build({ ...common, plugins: [...common.plugins, lazyLibraries], entryPoints: ["server/src/cli.ts"], outfile: "server/out/cli.js", banner: { js: "#!/usr/bin/env node" } }),
  build({ ...common, entryPoints: ["client/src/extension.ts"], outfile: "client/out/extension.js", external: ["vscode"] }),
  // The timeline webview's script runs in the webview, not in Node.
  build({ ...common, platform: "browser", format: "iife", target: "es2022", entryPoints: ["client/src/views/webview/timeline.ts"], outfile: "client/out/webview/timeline.js" }),
]);
