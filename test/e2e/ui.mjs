// What a writer sees: the installed .vsix in code-server, driven through the UI with Chromium.
// Opens examples/brief.md, waits for the squiggle, hovers the agreement name and the wrong date,
// opens the Problems panel and the completion list after typing part of a name. Saves screenshots
// in .e2e/screenshots and checks that the hover and the problem are on screen.
import * as fs from "node:fs";
import * as path from "node:path";
import { instanceDirs, installExtension, startCodeServer, workbenchUrl } from "./codeServer.mjs";
import { projectCorpusDir } from "./prepare.mjs";
import { E2E_DIR, ROOT } from "./tools.mjs";

export const SCREENSHOTS = path.join(E2E_DIR, "screenshots");
/** Longest wait for one thing on screen: a guard against a hung editor, not a speed limit. */
const WAIT_MS = 60_000;

export async function runUiScript({ browser, vsix, tmpRoot, logs }) {
  const results = [];
  const dir = fs.mkdtempSync(path.join(tmpRoot, "ui-"));
  const instance = instanceDirs(path.join(dir, "editor"));
  fs.writeFileSync(path.join(logs, "ui-install.log"), installExtension(vsix, instance) + "\n");

  // The writer's workspace: the sample brief and a config naming the corpus.
  const workspace = path.join(dir, "policy-briefs");
  fs.mkdirSync(path.join(workspace, "examples"), { recursive: true });
  fs.copyFileSync(path.join(ROOT, "examples", "brief.md"), path.join(workspace, "examples", "brief.md"));
  fs.writeFileSync(path.join(workspace, ".factcheckrc.json"), JSON.stringify({ corpus: [projectCorpusDir()] }, null, 2) + "\n");

  fs.rmSync(SCREENSHOTS, { recursive: true, force: true });
  fs.mkdirSync(SCREENSHOTS, { recursive: true });

  const server = await startCodeServer({ instance, folder: workspace, logFile: path.join(logs, "ui-code-server.log") });
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const shot = async (name) => {
    const file = path.join(SCREENSHOTS, name);
    await page.screenshot({ path: file });
    return file;
  };

  async function step(name, fn) {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      await shot(`failed-${results.length + 1}.png`).catch(() => undefined);
      results.push({ name, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
      throw e; // later steps depend on this one
    }
  }

  /** The on-screen box of `text` in the editor's rendered lines (the nth occurrence). */
  async function textBox(text, nth = 0) {
    const handle = await page.waitForFunction(
      ({ text, nth }) => {
        let seen = 0;
        for (const line of document.querySelectorAll(".monaco-editor .view-lines .view-line")) {
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          // Rendered lines put non-breaking spaces for spaces.
          const nodes = [];
          let full = "";
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            nodes.push([n, full.length]);
            full += n.data.replace(/\u00a0/g, " ");
          }
          let at = full.indexOf(text);
          while (at >= 0) {
            if (seen++ === nth) {
              const range = document.createRange();
              const locate = (offset) => {
                for (let i = nodes.length - 1; i >= 0; i--) if (nodes[i][1] <= offset) return [nodes[i][0], offset - nodes[i][1]];
              };
              range.setStart(...locate(at));
              range.setEnd(...locate(at + text.length));
              const r = range.getBoundingClientRect();
              return { x: r.x, y: r.y, width: r.width, height: r.height };
            }
            at = full.indexOf(text, at + 1);
          }
        }
        return null;
      },
      { text, nth },
      { timeout: WAIT_MS },
    );
    return handle.jsonValue();
  }

  /** Moves the mouse onto `text` in a few steps and waits for a hover holding `expected`; retries once. */
  async function hover(text, expected) {
    for (let attempt = 0; attempt < 2; attempt++) {
      const box = await textBox(text);
      await page.mouse.move(box.x + box.width / 2 + 40, box.y + box.height / 2 + 60, { steps: 3 });
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
      try {
        const widget = page.locator(".monaco-hover:not(.hidden)").filter({ hasText: expected }).first();
        await widget.waitFor({ state: "visible", timeout: attempt === 0 ? 15_000 : WAIT_MS });
        return widget;
      } catch (e) {
        if (attempt === 1) throw e;
        await page.mouse.move(5, 5);
      }
    }
  }

  async function onScreen(locator, what) {
    const box = await locator.boundingBox();
    const viewport = page.viewportSize();
    if (!box || box.width === 0 || box.height === 0) throw new Error(`${what} is not rendered`);
    if (box.x < 0 || box.y < 0 || box.x + box.width > viewport.width + 1 || box.y + box.height > viewport.height + 1) {
      throw new Error(`${what} is off screen: ${JSON.stringify(box)}`);
    }
  }

  try {
    await page.goto(workbenchUrl(server, { folder: workspace }));
    await step("the workbench opens the writer's folder", async () => {
      await page.locator(".monaco-workbench").waitFor({ timeout: WAIT_MS });
      await page.locator(".explorer-folders-view").waitFor({ timeout: WAIT_MS });
    });

    await step("examples/brief.md opens from Quick Open", async () => {
      await page.locator(".monaco-workbench").click({ position: { x: 700, y: 400 } }).catch(() => undefined);
      await page.keyboard.press("Control+P");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible", timeout: WAIT_MS });
      await input.fill("examples/brief.md");
      await page.locator(".quick-input-list .monaco-list-row").filter({ hasText: "brief.md" }).first().waitFor({ timeout: WAIT_MS });
      await page.keyboard.press("Enter");
      await textBox("Indo-Pacific Economic Framework (IPEF) was launched");
    });

    await step("the squiggle appears under the wrong date and the status bar shows the corpus", async () => {
      await page.locator(".monaco-editor .squiggly-warning").first().waitFor({ state: "attached", timeout: WAIT_MS });
      await page.locator(".statusbar-item").filter({ hasText: /Fact-check: \d+ docs?, \d+ facts?/ }).first().waitFor({ timeout: WAIT_MS });
      // The squiggle is where "May 2021" is drawn.
      const date = await textBox("May 2021");
      const squiggles = await page.locator(".monaco-editor .squiggly-warning").evaluateAll((els) =>
        els.map((e) => {
          const r = e.getBoundingClientRect();
          return { x: r.x, y: r.y, width: r.width, height: r.height };
        }),
      );
      const under = squiggles.some((s) => Math.abs(s.x - date.x) < 3 && Math.abs(s.x + s.width - (date.x + date.width)) < 3 && Math.abs(s.y - date.y) < date.height);
      if (!under) throw new Error(`no squiggle under "May 2021" at ${JSON.stringify(date)}; squiggles: ${JSON.stringify(squiggles)}`);
      await shot("1-brief.png");
    });

    await step("agreement names are highlighted in the prose", async () => {
      // The injection grammar's scopes fall under `entity.name.type`, which the default theme colours.
      const colours = await page.evaluate(() => {
        const line = [...document.querySelectorAll(".monaco-editor .view-line")].find((l) =>
          l.textContent.replace(/\u00a0/g, " ").includes("(IPEF) was launched"),
        );
        const colourOf = (match) => {
          const span = [...line.querySelectorAll("span span")].find((s) => match(s.textContent.replace(/\u00a0/g, " ").trim()));
          return span ? getComputedStyle(span).color : undefined;
        };
        return {
          acronym: colourOf((t) => t === "IPEF"),
          name: colourOf((t) => t === "Indo-Pacific Economic Framework"),
          prose: colourOf((t) => t.includes("was launched in")),
        };
      });
      if (!colours.acronym || !colours.name || !colours.prose) throw new Error(`the names are not tokens of their own: ${JSON.stringify(colours)}`);
      if (colours.acronym === colours.prose || colours.name === colours.prose) throw new Error(`the names look like the prose: ${JSON.stringify(colours)}`);
    });

    await step("hovering IPEF shows the fact card on screen", async () => {
      const widget = await hover("IPEF", "Indo-Pacific Economic Framework");
      await onScreen(widget, "the IPEF hover");
      await shot("2-hover-ipef.png");
    });

    await step("hovering the squiggle shows the problem and the verdict on screen", async () => {
      await page.mouse.move(5, 5);
      const widget = await hover("May 2021", "May 2022");
      const text = await widget.innerText();
      // The diagnostic (its message names both dates, its related location the source) above the verdict.
      for (const part of ["May 2021", "date-conflict", "001_20eb8572f3440156.txt", "Conflicts with"]) {
        if (!text.includes(part)) throw new Error(`the hover lacks "${part}": ${text}`);
      }
      await onScreen(widget, "the problem hover");
      await shot("3-hover-problem.png");
    });

    await step("the Problems panel lists the conflict", async () => {
      await page.mouse.move(5, 5);
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+Shift+M");
      const row = page.locator(".markers-panel .monaco-list-row").filter({ hasText: "May 2022" }).filter({ hasText: "date-conflict" }).first();
      await row.waitFor({ state: "visible", timeout: WAIT_MS });
      await onScreen(row, "the problem in the Problems panel");
      await shot("4-problems.png");
    });

    await step("typing part of a name opens completions with the agreement", async () => {
      const box = await textBox("## Summary");
      await page.mouse.click(box.x + box.width + 5, box.y + box.height / 2);
      await page.keyboard.press("End");
      await page.keyboard.press("Enter");
      await page.keyboard.press("Enter");
      await page.keyboard.type("The Indo", { delay: 30 });
      // VS Code turns quick suggestions off in Markdown: a writer asks with Ctrl+Space.
      await page.keyboard.press("Control+Space");
      const suggest = page.locator(".editor-widget.suggest-widget");
      const item = suggest.locator(".monaco-list-row").filter({ hasText: "Indo-Pacific Economic Framework" }).first();
      await item.waitFor({ state: "visible", timeout: WAIT_MS });
      await onScreen(item, "the completion item");
      // Ctrl+Space again opens the item's details: the fact card.
      await page.keyboard.press("Control+Space");
      const details = page.locator(".suggest-details").filter({ hasText: "Indo-Pacific Economic Framework" }).first();
      await details.waitFor({ state: "visible", timeout: WAIT_MS });
      await onScreen(details, "the completion details");
      await shot("5-completion.png");
      await page.keyboard.press("Escape");
    });

    await step("a corpus folder that does not exist gets a warning that opens the setting", async () => {
      await page.keyboard.press("Escape");
      const missing = path.join(dir, "no-such-corpus");
      fs.writeFileSync(path.join(workspace, ".factcheckrc.json"), JSON.stringify({ corpus: [missing] }, null, 2) + "\n");
      const toast = page.locator(".notification-toast").filter({ hasText: `${missing} does not exist` }).first();
      await toast.waitFor({ state: "visible", timeout: WAIT_MS });
      await page.locator(".statusbar-item").filter({ hasText: "Fact-check: corpus not found" }).first().waitFor({ timeout: WAIT_MS });
      await shot("6-corpus-missing.png");
      await toast.locator(".monaco-button").filter({ hasText: "Open setting" }).first().click();
      const setting = page.locator(".settings-editor .setting-item-contents").filter({ hasText: "Corpus" }).first();
      await setting.waitFor({ state: "visible", timeout: WAIT_MS });
      await onScreen(setting, "the corpus setting");
    });
  } catch {
    // recorded by step()
  } finally {
    await context.close().catch(() => undefined);
    await server.stop();
  }
  return results.map((r) => ({ ...r, name: r.name }));
}
