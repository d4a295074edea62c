import { existsSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

/**
 * Test files that check against the seed corpus and eval sets in ../shared, beside the repository.
 * Without it (a fresh clone on its own) they are left out with a notice instead of failing.
 */
const NEEDS_SHARED = [
  "test/cli/cli.test.ts",
  "test/cli/realWriting.test.ts",
  "test/cli/robustness.test.ts",
  "test/protocol/diagnostics.test.ts",
  "test/protocol/edits.test.ts",
  "test/protocol/features.test.ts",
  "test/protocol/hostile.test.ts",
  "test/protocol/settings.test.ts",
  "test/unit/catalog.test.ts",
  "test/unit/corpus.test.ts",
  "test/unit/fuzz.test.ts",
  "test/unit/values.test.ts",
];
const SHARED = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../shared");
const hasShared = existsSync(path.join(SHARED, "corpus")) && existsSync(path.join(SHARED, "eval"));
if (!hasShared) {
  console.warn(
    `\n${SHARED} is missing: skipping ${NEEDS_SHARED.length} test files that need its corpus and eval sets ` +
      `(${NEEDS_SHARED.join(", ")}). Place the shared folder beside the repository to run them.\n`,
  );
}

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/cli/**/*.test.ts", "test/protocol/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...(hasShared ? [] : NEEDS_SHARED)],
    testTimeout: 30000,
    pool: "forks",
  },
});
