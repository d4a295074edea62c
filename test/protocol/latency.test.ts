// Measures keystroke-to-diagnostics time over the protocol on a ~100 KB draft. Logged, not asserted:
// timings depend on the machine.
import * as path from "node:path";
import {describe, expect, it } from "vitest";
import { fileUri, useServer } from "./lspClient";

const EDITS = 60;
const TARGET_CHARS = 100 * 1024;

/** Policy-brief-like Markdown: headings, lists, tables, code, and sentences with dates and figures. */
function largeDraft(): string {
  const sections: string[] = [];
  for (let i = 0; sections.join("\n").length < TARGET_CHARS; i++) {
    sections.push(
      [
        `## Section ${i + 1}: regional economic cooperation`,
        "",
        `The Indo-Pacific Economic Framework (IPEF) was launched in May ${i % 3 === 0 ? 2021 : 2022}. Its members account for 40% of world GDP, and trade talks continued in ${2020 + (i % 5)}.`,
        "",
        `- South Korea's trade with China reached $${300 + i}.4 billion in 2022, a change of ${i % 9}% on the year before.`,
        "- Japan and South Korea took part in the trilateral summit in August 2023.",
        `- The Quad plans to provide $500 billion in infrastructure funds over the next five years (note ${i}).`,
        "",
        "| Item | Value |",
        "| --- | --- |",
        `| Pledge | $${40 + (i % 4)} million |`,
        "",
        "```text",
        "IPEF was launched in May 2021.",
        "```",
        "",
        `Analysts expect further negotiation rounds; the resilience pillar remains the focus of paragraph ${i}.`,
        "",
      ].join("\n"),
    );
  }
  return sections.join("\n");
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

describe("latency", () => {
  const server = useServer();

  it("measures keystroke-to-diagnostics time on a 100 KB draft", { timeout: 120_000 }, async () => {
    const uri = fileUri(path.join(server.workspace, "large.md"));
    const text = largeDraft();
    await server.client.open(uri, text);
    const initial = await server.client.waitForDiagnostics(uri, 30_000);
    expect(initial.length).toBeGreaterThan(0);

    const lines = text.split("\n");
    const editLine = lines.findIndex((l) => l.startsWith("Analysts expect"));
    const times: number[] = [];
    for (let i = 0; i < EDITS; i++) {
      // Type one character at the end of a prose line, then wait for that version's diagnostics.
      const character = lines[editLine].length + i;
      const started = performance.now();
      await server.client.editRange(uri, { start: { line: editLine, character }, end: { line: editLine, character } }, "x");
      await server.client.waitForDiagnostics(uri, 30_000);
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    const p50 = percentile(times, 50);
    const p95 = percentile(times, 95);
    console.log(
      `keystroke-to-diagnostics on a ${Math.round(text.length / 1024)} KB draft (${initial.length} diagnostics), ${EDITS} one-character edits: ` +
        `p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${times[times.length - 1].toFixed(1)} ms`,
    );
    expect(times).toHaveLength(EDITS);
  });
});
