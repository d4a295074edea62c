// The views in a real editor: the installed .vsix in code-server, driven through the UI with
// Chromium. On a small corpus written for it (test/e2e/views-workspace): the claims report of a
// draft with every verdict kind, its status bar totals and a row that opens the claim; the corpus
// timeline with several lanes and a disagreement, its hover, filters and zoom, and a point that
// opens its source passage (by mouse and by keyboard). Then, on a generated corpus of 1,000 dated
// facts, the time from the command to the drawn timeline. Screenshots in .e2e/screenshots/views-*.
// Run alone with `node test/e2e/views.mjs` (packages the .vsix first) or as the `views` part of run.mjs.
import * as fs from "node:fs";
import * as path from "node:path";
import { cleanupAll, instanceDirs, installExtension, launchBrowser, startCodeServer, workbenchUrl } from "./codeServer.mjs";
import { packageVsix } from "./prepare.mjs";
import { writeTimelineCorpus } from "./timelineCorpus.mjs";
import { E2E_DIR, ensureCodeServer, ROOT } from "./tools.mjs";

export const SCREENSHOTS = path.join(E2E_DIR, "screenshots");
const FIXTURE = path.join(ROOT, "test", "e2e", "views-workspace");
/** Longest wait for one thing on screen: a guard against a hung editor, not a speed limit. */
const WAIT_MS = 60_000;
/**
 * The timeline should open on 1,000 facts in well under a second; the figure is reported. The check
 * fails only past twice that, so a busy shared machine does not fail the run: a guard, not a benchmark.
 */
export const TIMELINE_TARGET_MS = 1000;
const LARGE_FACTS = 1000;

export async function runViewsScript({ browser, vsix, tmpRoot, logs }) {
  const results = [];
  const dir = fs.mkdtempSync(path.join(tmpRoot, "views-"));
  const instance = instanceDirs(path.join(dir, "editor"));
  fs.writeFileSync(path.join(logs, "views-install.log"), installExtension(vsix, instance) + "\n");
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  for (const f of fs.readdirSync(SCREENSHOTS)) if (f.startsWith("views-")) fs.rmSync(path.join(SCREENSHOTS, f));

  const small = path.join(dir, "briefs");
  fs.cpSync(FIXTURE, small, { recursive: true });
  fs.writeFileSync(path.join(small, ".factcheckrc.json"), JSON.stringify({ corpus: ["corpus"], builtinFacts: "never" }, null, 2) + "\n");
  await withEditor({ browser, instance, folder: small, logs, name: "views" }, (ui) => smallCorpusSteps(ui, results, small));

  const large = path.join(dir, "large");
  const facts = writeTimelineCorpus(path.join(large, "corpus"));
  fs.mkdirSync(path.join(large, "drafts"), { recursive: true });
  fs.writeFileSync(path.join(large, "drafts", "note.md"), "# Notes\n\nA short note.\n");
  fs.writeFileSync(path.join(large, ".factcheckrc.json"), JSON.stringify({ corpus: ["corpus"], builtinFacts: "never" }, null, 2) + "\n");
  await withEditor({ browser, instance, folder: large, logs, name: "views-large" }, (ui) => largeCorpusSteps(ui, results, facts));
  return results;
}

/** Starts code-server on `folder`, opens the workbench and runs `fn` with the UI helpers. */
async function withEditor({ browser, instance, folder, logs, name }, fn) {
  const server = await startCodeServer({ instance, folder, logFile: path.join(logs, `${name}-code-server.log`) });
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const consoleFile = path.join(logs, `${name}-browser-console.log`);
  page.on("console", (m) => fs.appendFileSync(consoleFile, `[${m.type()}] ${m.text()}\n`));
  try {
    await page.goto(workbenchUrl(server, { folder }));
    await page.locator(".monaco-workbench").waitFor({ timeout: WAIT_MS });
    await fn(uiHelpers(page));
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
  }
}

function uiHelpers(page) {
  const shot = async (name) => {
    const file = path.join(SCREENSHOTS, name);
    await page.screenshot({ path: file });
    return file;
  };
  /** Runs a command from the palette by its title. */
  const command = async (title) => {
    // A webview taking focus can close the palette as it opens: try again once, from the workbench.
    for (let attempt = 0; ; attempt++) {
      try {
        await page.keyboard.press("F1");
        const input = page.locator(".quick-input-widget input");
        await input.waitFor({ state: "visible", timeout: WAIT_MS });
        await input.fill(`>${title}`, { timeout: attempt === 0 ? 5000 : WAIT_MS });
        await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: title }).first().waitFor({ timeout: WAIT_MS });
        await page.keyboard.press("Enter");
        return;
      } catch (e) {
        if (attempt > 0) throw e;
        await page.keyboard.press("Escape");
        await page.locator(".monaco-workbench .part.statusbar").click().catch(() => undefined);
      }
    }
  };
  const openFile = async (relative, text) => {
    await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } }).catch(() => undefined);
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible", timeout: WAIT_MS });
    await input.fill(relative);
    await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: path.basename(relative) }).first().waitFor({ timeout: WAIT_MS });
    await page.keyboard.press("Enter");
    await page.locator(".monaco-editor .view-line").filter({ hasText: text }).first().waitFor({ timeout: WAIT_MS });
  };
  /** The timeline webview's inner frame, once it has drawn `minPoints` points. */
  const timelineFrame = async (minPoints = 1) => {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      for (const frame of page.frames()) {
        const n = await frame.evaluate(() => (document.getElementById("scroll") ? document.querySelectorAll(".pt").length : -1)).catch(() => -1);
        if (n >= minPoints) return frame;
      }
      if (Date.now() > deadline) throw new Error(`the timeline did not draw ${minPoints} points within ${WAIT_MS / 1000} s`);
      await page.waitForTimeout(20);
    }
  };
  /** The cursor's place as the status bar shows it ("Ln 12, Col 33 (12 selected)"). */
  const cursor = async (expected) => {
    const item = page.locator(".statusbar-item").filter({ hasText: /Ln \d+, Col \d+/ }).first();
    await item.waitFor({ timeout: WAIT_MS });
    const deadline = Date.now() + WAIT_MS;
    let text = "";
    while (Date.now() < deadline) {
      text = (await item.innerText()).trim();
      if (expected.test(text)) return text;
      await page.waitForTimeout(100);
    }
    throw new Error(`the cursor is at "${text}", not ${expected}`);
  };
  const activeTab = async (name) => {
    await page.locator(".tab.active").filter({ hasText: name }).first().waitFor({ timeout: WAIT_MS });
  };
  /** The on-screen box of `text` in the editor's rendered lines. */
  const textBox = async (text) => {
    const handle = await page.waitForFunction(
      (text) => {
        for (const line of document.querySelectorAll(".monaco-editor .view-lines .view-line")) {
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          const nodes = [];
          let full = "";
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            nodes.push([n, full.length]);
            full += n.data.replace(/\u00a0/g, " ");
          }
          const at = full.indexOf(text);
          if (at < 0) continue;
          const locate = (offset) => {
            for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
          };
          const range = document.createRange();
          range.setStart(...locate(at));
          range.setEnd(...locate(at + text.length));
          const r = range.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }
        return null;
      },
      text,
      { timeout: WAIT_MS },
    );
    return handle.jsonValue();
  };
  return { page, shot, command, openFile, timelineFrame, cursor, activeTab, textBox };
}

async function step(results, ui, name, fn) {
  try {
    const detail = await fn();
    results.push({ name: detail ? `${name}: ${detail}` : name, ok: true });
  } catch (e) {
    await ui.shot(`views-failed-${results.length + 1}.png`).catch(() => undefined);
    results.push({ name, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
}

async function smallCorpusSteps(ui, results, workspace) {
  const { page } = ui;
  await step(results, ui, "the status bar totals the draft's claims", async () => {
    await ui.openFile("drafts/brief.md", "Rivers, fish and power");
    const item = page.locator(".statusbar-item").filter({ hasText: "7 claims: 3 sourced, 2 conflicts, 1 disputed, 1 unsourced" }).first();
    await item.waitFor({ timeout: WAIT_MS });
  });

  await step(results, ui, "the claims report lists every verdict kind by section", async () => {
    // The folder's own section folded, so the report has the side bar's height.
    await page.locator(".pane-header").filter({ hasText: /briefs/i }).first().click();
    await ui.command("Policy Fact-Check: Show claims report of the draft");
    const view = page.locator(".pane").filter({ has: page.locator(".pane-header", { hasText: /Claims Report/i }) }).first();
    const rows = view.locator(".monaco-list-row");
    await rows.filter({ hasText: "$260 million" }).first().waitFor({ timeout: WAIT_MS });
    const text = (await rows.allInnerTexts()).join("\n");
    for (const part of ["Water", "Fisheries", "Power", "sources disagree", "conflict: the sources give $240 million", "sourced: River Review", "not covered"]) {
      if (!text.includes(part)) throw new Error(`the report lacks "${part}":\n${text}`);
    }
    await ui.shot("views-1-claims-report.png");
  });

  await step(results, ui, "a report row opens the draft at its claim", async () => {
    const view = page.locator(".pane").filter({ has: page.locator(".pane-header", { hasText: /Claims Report/i }) }).first();
    await view.locator(".monaco-list-row").filter({ hasText: "October 2021" }).first().click();
    await ui.activeTab("brief.md");
    return ui.cursor(/^Ln 12, Col (33|45)\b.*\(12 selected\)/);
  });

  let frame;
  await step(results, ui, "the corpus timeline draws several lanes and marks the disagreement", async () => {
    await ui.command("Policy Fact-Check: Show corpus timeline");
    frame = await ui.timelineFrame(9);
    const facts = await frame.evaluate(() => ({
      lanes: document.querySelectorAll(".lane-name").length,
      points: document.querySelectorAll(".pt").length,
      disputed: [...document.querySelectorAll(".pt.disagree")].map((p) => p.getAttribute("aria-label")),
      links: document.querySelectorAll(".link").length,
      periods: document.querySelectorAll(".pt.period").length,
      focusable: [...document.querySelectorAll(".pt")].every((p) => p.getAttribute("tabindex") === "0" && (p.getAttribute("aria-label") ?? "").length > 10),
      summary: document.getElementById("summary").textContent,
    }));
    if (facts.lanes < 3) throw new Error(`only ${facts.lanes} lanes`);
    if (facts.disputed.length !== 2 || facts.links !== 1) throw new Error(`the disagreement is not drawn: ${JSON.stringify(facts)}`);
    if (!facts.disputed.every((l) => /NRWC: signing/.test(l) && /disagree/.test(l))) throw new Error(`unexpected disputed points ${facts.disputed}`);
    if (facts.periods !== 1) throw new Error(`the period is not a bar: ${JSON.stringify(facts)}`);
    if (!facts.focusable) throw new Error("every point is focusable with a text label");
    await ui.shot("views-2-timeline.png");
    return `${facts.points} points in ${facts.lanes} lanes; ${facts.summary}`;
  });

  await step(results, ui, "hovering a point shows its label, value and source", async () => {
    const point = frame.locator('.pt[aria-label*="March 14, 2019"]');
    await point.hover();
    const tip = frame.locator("#tip");
    await tip.waitFor({ state: "visible", timeout: WAIT_MS });
    const text = await tip.innerText();
    for (const part of ["signing: March 14, 2019", "River Review", "The sources disagree: also November 2018"]) {
      if (!text.includes(part)) throw new Error(`the tooltip lacks "${part}": ${text}`);
    }
    await ui.shot("views-3-timeline-hover.png");
  });

  await step(results, ui, "clicking a point opens its source passage", async () => {
    await frame.locator('.pt[aria-label*="March 14, 2019"]').click();
    await ui.activeTab("river-review.md");
    // "March 14, 2019" on line 9 of the source, selected.
    return ui.cursor(/^Ln 9, Col \d+ \(14 selected\)/);
  });

  await step(results, ui, "a focused point opens its source with Enter", async () => {
    // The editor moves focus into a revealed webview a moment after the reveal, which can take it
    // from the point just focused; so the key is pressed only once the point holds the focus, and
    // the reveal is tried again if the source did not open.
    let opened = false;
    let tries = 0;
    for (; tries < 3 && !opened; tries++) {
      await ui.command("Policy Fact-Check: Show corpus timeline");
      frame = await ui.timelineFrame(9);
      await page.waitForTimeout(300);
      const point = frame.locator('.pt[aria-label*="November 2018"]');
      await point.focus();
      const focused = await frame
        .waitForFunction(() => document.hasFocus() && document.activeElement?.matches('.pt[aria-label*="November 2018"]'), null, { timeout: 5_000 })
        .then(() => true, () => false);
      if (!focused) continue;
      await page.keyboard.press("Enter");
      opened = await page.locator(".tab.active").filter({ hasText: "basin-monitor.md" }).first().waitFor({ timeout: 15_000 }).then(() => true, () => false);
    }
    if (!opened) throw new Error("Enter on a focused point did not open basin-monitor.md in three tries");
    const at = await ui.cursor(/^Ln 9, Col \d+ \(13 selected\)/);
    return tries > 1 ? `${at}, on try ${tries}` : at;
  });

  await step(results, ui, "the fact card links to the entity's lane of the timeline", async () => {
    await page.locator(".tab").filter({ hasText: "brief.md" }).first().click();
    const box = await ui.textBox("Compact (NRWC)");
    let link;
    for (let attempt = 0; attempt < 3 && !link; attempt++) {
      await page.mouse.move(5, 5);
      await page.mouse.move(box.x + box.width - 25, box.y + box.height / 2, { steps: 8 });
      const candidate = page.locator(".monaco-hover:not(.hidden) a").filter({ hasText: "Show on the corpus timeline" }).first();
      if (await candidate.waitFor({ state: "visible", timeout: 15_000 }).then(() => true, () => false)) link = candidate;
    }
    if (!link) throw new Error("the NRWC card has no timeline link");
    await ui.shot("views-5-card-link.png");
    await link.click();
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      frame = await ui.timelineFrame(1);
      const shown = await frame.evaluate(() => ({ entity: document.getElementById("entity").value, lanes: document.querySelectorAll(".lane-name").length }));
      if (shown.entity === "nrwc" && shown.lanes === 1) return "the timeline shows the NRWC lane alone";
      if (Date.now() > deadline) throw new Error(`the timeline shows ${JSON.stringify(shown)}`);
      await page.waitForTimeout(100);
    }
  });

  await step(results, ui, "the entity filter keeps one lane and zoom widens the axis", async () => {
    await ui.command("Policy Fact-Check: Show corpus timeline");
    frame = await ui.timelineFrame(1);
    await frame.locator("#entity").selectOption("");
    frame = await ui.timelineFrame(9);
    const width = () => frame.evaluate(() => Number(document.querySelector("#scroll svg").getAttribute("width")));
    const before = await width();
    await frame.locator("#entity").selectOption("cfa");
    const lanes = await frame.evaluate(() => [...document.querySelectorAll(".lane-name")].map((l) => l.textContent));
    if (lanes.length !== 1 || !lanes[0].includes("CFA")) throw new Error(`the filter shows ${JSON.stringify(lanes)}`);
    await frame.locator("#document").selectOption("basin-monitor.md");
    const points = await frame.evaluate(() => document.querySelectorAll(".pt").length);
    if (points !== 1) throw new Error(`the source filter leaves ${points} CFA points, not 1`);
    await frame.locator("#document").selectOption("");
    await frame.locator("#entity").selectOption("");
    await frame.locator("#zoom-in").click();
    const after = await width();
    if (!(after > before * 1.9)) throw new Error(`zoom: width ${before} -> ${after}`);
    await frame.locator("#zoom-fit").click();
  });

  await step(results, ui, "the timeline follows re-indexing when a source is added", async () => {
    const lanes = () => frame.evaluate(() => [...document.querySelectorAll(".lane-name")].map((l) => l.textContent));
    if ((await lanes()).length !== 3) throw new Error(`expected 3 lanes before, got ${JSON.stringify(await lanes())}`);
    const added = ["---", "title: Harbour notes", "publisher: Port Desk", "published: 2024-05-01", "---", "", "The Harbor Safety Pact (HSP) was launched in April 2016 by the port cities.", ""];
    fs.writeFileSync(path.join(workspace, "corpus", "harbour-notes.md"), added.join("\n"));
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const now = await lanes().catch(() => []);
      if (now.length === 4 && now.some((l) => l.startsWith("HSP"))) return `lanes now: ${now.join("; ")}`;
      if (Date.now() > deadline) throw new Error(`the timeline still shows ${JSON.stringify(now)}`);
      await page.waitForTimeout(200);
    }
  });
}

async function largeCorpusSteps(ui, results, facts) {
  const { page } = ui;
  await step(results, ui, `the timeline opens on ${facts} dated facts (target: under ${TIMELINE_TARGET_MS} ms)`, async () => {
    await ui.openFile("drafts/note.md", "A short note");
    // The index is ready when the status bar counts the corpus.
    await page.locator(".statusbar-item").filter({ hasText: /Fact-check: 8 docs, \d+ facts/ }).first().waitFor({ timeout: WAIT_MS });
    const times = [];
    const renders = [];
    for (let run = 0; run < 3; run++) {
      await page.keyboard.press("F1");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: WAIT_MS });
      await input.fill(">Policy Fact-Check: Show corpus timeline");
      await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: "Show corpus timeline" }).first().waitFor({ timeout: WAIT_MS });
      const started = Date.now();
      await page.keyboard.press("Enter");
      const frame = await ui.timelineFrame(LARGE_FACTS);
      // The page stamps how long after the command it had drawn: no polling delay in the figure.
      const stamps = await frame.evaluate(() => ({ ...document.getElementById("chart").dataset }));
      times.push(Number(stamps.openedMs));
      renders.push(Number(stamps.renderMs));
      const drawn = await frame.evaluate(() => document.querySelectorAll(".pt").length);
      if (drawn < LARGE_FACTS) throw new Error(`${drawn} points drawn`);
      if (run === 0) await ui.shot("views-4-timeline-1000.png");
      // Close the panel so the next run opens a new one.
      await page.locator(".tab").filter({ hasText: "Corpus timeline" }).locator(".codicon-close").first().click();
      await page.locator(".tab").filter({ hasText: "Corpus timeline" }).waitFor({ state: "detached", timeout: WAIT_MS });
      await page.waitForTimeout(1000);
    }
    // The first open is what a writer waits for: the server builds the timeline, the editor makes
    // the webview, the page draws. Reopening a closed panel waits longer on the editor's webview
    // frame (about a second in code-server), which the page cannot shorten; it is reported.
    const detail = `from the command to all points drawn: ${times[0]} ms; reopened: ${times.slice(1).join(", ")} ms; drawing alone: ${renders.join(", ")} ms`;
    // (The figures are the report; the test fails only on a stall, five times the target, since
    // the open includes the editor making a webview, which a loaded CI machine slows; the page's
    // own drawing is held to half the target.)
    if (times[0] > 5 * TIMELINE_TARGET_MS || Math.max(...renders) > TIMELINE_TARGET_MS / 2) throw new Error(`too slow: ${detail}`);
    return detail;
  });
}

// Alone: package, start a browser, run, print.
if (import.meta.url === `file://${process.argv[1]}`) {
  ensureCodeServer();
  const logs = path.join(E2E_DIR, "logs");
  fs.mkdirSync(logs, { recursive: true });
  const tmpRoot = fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "factcheck-views-"));
  let results = [];
  try {
    const vsix = packageVsix();
    const browser = await launchBrowser();
    results = await runViewsScript({ browser, vsix, tmpRoot, logs });
  } finally {
    await cleanupAll();
    if (!process.argv.includes("--keep")) fs.rmSync(tmpRoot, { recursive: true, force: true });
  }
  for (const r of results) {
    console.log(`${r.ok ? "  ok  " : "  FAIL"} [views] ${r.name}`);
    if (!r.ok && r.error) console.log(r.error.split("\n").map((l) => `         ${l}`).join("\n"));
  }
  const failed = results.filter((r) => !r.ok).length;
  console.log(`views: ${results.length - failed} passed, ${failed} failed`);
  process.exitCode = failed || results.length === 0 ? 1 : 0;
}
