import { describe, expect, it } from "vitest";
import { inMemoryFileSystem, nodeFileSystem } from "../../server/src/core/corpus/fileSystem";
import { loadCorpus, readFrontMatter } from "../../server/src/core/corpus/loadCorpus";
import type { LoadedCorpus } from "../../server/src/core/types";

const SEED_CORPUS = "/work/shared/corpus";

function problemFor(corpus: LoadedCorpus, path: string) {
  return corpus.problems.find((problem) => problem.path === path);
}

function ids(corpus: LoadedCorpus): string[] {
  return corpus.documents.map((document) => document.id);
}

describe("loadCorpus on the seed corpus", () => {
  it("loads the five documents with metadata from corpus.json", async () => {
    const corpus = await loadCorpus([SEED_CORPUS], nodeFileSystem);
    expect(corpus.problems).toEqual([]);
    expect(ids(corpus)).toEqual([
      "000_0b1fbf618010f68f.txt",
      "001_20eb8572f3440156.txt",
      "002_d1f4d8db03946fda.txt",
      "003_5ee872053de253e0.txt",
      "004_c37b860c0ba74c71.txt",
    ]);
    const cciee = corpus.documents[1];
    expect(cciee.path).toBe(`${SEED_CORPUS}/001_20eb8572f3440156.txt`);
    expect(cciee.format).toBe("text");
    expect(cciee.meta).toEqual({
      title: "The impact of the Indo-Pacific strategy on economic and trade cooperation among China, Japan, and South Korea",
      publisher: "China Center for International Economic Exchanges (CCIEE)",
      published: "2023-10-28",
      authors: ["Zhang Yongjun", "Lu Xinhong", "Liu Xiangdong"],
    });
    expect(corpus.documents[0].meta.published).toBe("2022");
    expect(corpus.documents[2].meta.published).toBe("2024-07");
    expect(corpus.documents[3].meta.authors).toBeUndefined();
  });

  it("keeps the text exactly as on disk", async () => {
    const corpus = await loadCorpus([SEED_CORPUS], nodeFileSystem);
    const { readFile } = await import("node:fs/promises");
    for (const document of corpus.documents) {
      expect(document.text).toBe(await readFile(document.path, "utf8"));
    }
  });

  it("reports progress for every file", async () => {
    const calls: [number, number][] = [];
    await loadCorpus([SEED_CORPUS], nodeFileSystem, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([1, 2, 3, 4, 5].map((done) => [done, 5]));
  });

  it("loads a single file given as the folder, with its corpus.json metadata", async () => {
    const corpus = await loadCorpus([`${SEED_CORPUS}/002_d1f4d8db03946fda.txt`], nodeFileSystem);
    expect(corpus.problems).toEqual([]);
    expect(ids(corpus)).toEqual(["002_d1f4d8db03946fda.txt"]);
    expect(corpus.documents[0].meta.authors).toEqual(["Erik M Jacobs"]);
  });
});

describe("loadCorpus metadata", () => {
  it("reads front matter, with date and author as aliases", async () => {
    const fs = inMemoryFileSystem({
      "/c/a.md": "---\ntitle: A Brief\npublisher: Think Tank\ndate: 2024-07-08\nauthor: Jane Doe\n---\n# Body\n",
      "/c/b.md": "---\ntitle: Yearly\npublished: 2022\nauthors:\n  - One\n  - Two\n---\nText.\n",
    });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents[0].meta).toEqual({
      title: "A Brief",
      publisher: "Think Tank",
      published: "2024-07-08",
      authors: ["Jane Doe"],
    });
    expect(corpus.documents[1].meta).toEqual({ title: "Yearly", published: "2022", authors: ["One", "Two"] });
    // The front matter stays in the text: positions must match the file.
    expect(corpus.documents[0].text.startsWith("---\ntitle: A Brief")).toBe(true);
  });

  it("keeps unquoted dates as written (YAML 1.2 reads them as text)", () => {
    expect(readFrontMatter("---\npublished: 2023-10-28\n---\n").data).toEqual({ published: "2023-10-28" });
  });

  it("formats Date values from YAML 1.1 timestamps as YYYY-MM-DD", async () => {
    const fs = inMemoryFileSystem({ "/c/a.md": "---\npublished: !!timestamp 2023-10-28\n---\nBody\n" });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.documents[0].meta.published).toBe("2023-10-28");
  });

  it("applies corpus.json to the files beside it, and front matter wins", async () => {
    const fs = inMemoryFileSystem({
      "/c/corpus.json": JSON.stringify({
        documents: [
          { file: "a.txt", title: "From JSON", publisher: "Pub", published: 2021, authors: ["X"] },
          { file: "b.md", title: "JSON title", publisher: "JSON pub", published: "2020-01" },
        ],
      }),
      "/c/a.txt": "Plain text.",
      "/c/b.md": "---\ntitle: Front matter title\n---\nBody",
    });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents[0].meta).toEqual({ title: "From JSON", publisher: "Pub", published: "2021", authors: ["X"] });
    expect(corpus.documents[1].meta).toEqual({ title: "Front matter title", publisher: "JSON pub", published: "2020-01" });
  });

  it("does not read front matter in .txt files", async () => {
    const fs = inMemoryFileSystem({ "/c/a.txt": "---\ntitle: Not metadata\n---\nBody" });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.documents[0].meta).toEqual({});
  });

  it("reports an invalid corpus.json and still loads its files", async () => {
    const fs = inMemoryFileSystem({ "/c/corpus.json": "{ documents: [", "/c/a.txt": "Text." });
    const corpus = await loadCorpus(["/c"], fs);
    expect(ids(corpus)).toEqual(["a.txt"]);
    expect(corpus.documents[0].meta).toEqual({});
    expect(problemFor(corpus, "/c/corpus.json")?.message).toMatch(/not valid JSON/);
  });

  it("reports a corpus.json of the wrong shape and still loads its files", async () => {
    const fs = inMemoryFileSystem({ "/c/corpus.json": JSON.stringify({ docs: [] }), "/c/a.txt": "Text." });
    const corpus = await loadCorpus(["/c"], fs);
    expect(ids(corpus)).toEqual(["a.txt"]);
    expect(problemFor(corpus, "/c/corpus.json")?.message).toMatch(/"documents" list/);
  });

  it("reports bad entries and fields of corpus.json but keeps the good ones", async () => {
    const fs = inMemoryFileSystem({
      "/c/corpus.json": JSON.stringify({
        documents: [{ title: "no file" }, { file: "a.txt", title: "Good", published: { year: 2020 } }, { file: "gone.txt" }],
      }),
      "/c/a.txt": "Text.",
    });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.documents[0].meta).toEqual({ title: "Good" });
    const messages = corpus.problems.map((problem) => problem.message);
    expect(messages).toEqual([
      expect.stringMatching(/documents\[0\].*"file"/),
      expect.stringMatching(/documents\[1\].*"published"/),
      expect.stringMatching(/"gone\.txt"/),
    ]);
  });

  it("reports broken front matter and loads the document without it", async () => {
    const fs = inMemoryFileSystem({
      "/c/bad-yaml.md": "---\ntitle: [unclosed\n---\nBody",
      "/c/not-mapping.md": "---\n- a list\n---\nBody",
      "/c/unclosed.md": "---\ntitle: Never closed\nBody",
    });
    const corpus = await loadCorpus(["/c"], fs);
    expect(ids(corpus)).toEqual(["bad-yaml.md", "not-mapping.md", "unclosed.md"]);
    for (const document of corpus.documents) expect(document.meta).toEqual({});
    expect(problemFor(corpus, "/c/bad-yaml.md")?.message).toMatch(/invalid YAML/);
    expect(problemFor(corpus, "/c/not-mapping.md")?.message).toMatch(/not a mapping/);
    expect(problemFor(corpus, "/c/unclosed.md")?.message).toMatch(/no closing/);
  });

  it("keeps corpus.json metadata when the front matter is broken", async () => {
    const fs = inMemoryFileSystem({
      "/c/corpus.json": JSON.stringify({ documents: [{ file: "a.md", title: "Listed" }] }),
      "/c/a.md": "---\ntitle: : :\n  bad\n---\nBody",
    });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.documents[0].meta).toEqual({ title: "Listed" });
    expect(corpus.problems).toHaveLength(1);
  });
});

describe("loadCorpus text", () => {
  it("strips a leading BOM and keeps CRLF and everything else", async () => {
    const fs = inMemoryFileSystem({ "/c/a.txt": "\uFEFFLine one\r\nLine two\r\n" });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.documents[0].text).toBe("Line one\r\nLine two\r\n");
  });

  it("reads front matter written with CRLF", async () => {
    const fs = inMemoryFileSystem({ "/c/a.md": "---\r\ntitle: Windows\r\n---\r\nBody\r\n" });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.documents[0].meta).toEqual({ title: "Windows" });
    expect(corpus.documents[0].text).toBe("---\r\ntitle: Windows\r\n---\r\nBody\r\n");
  });

  it("gives markdown and text formats by extension", async () => {
    const fs = inMemoryFileSystem({ "/c/a.md": "A", "/c/b.markdown": "B", "/c/c.txt": "C", "/c/d.MD": "D", "/c/e.pdf": "E" });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.documents.map((document) => [document.id, document.format])).toEqual([
      ["a.md", "markdown"],
      ["b.markdown", "markdown"],
      ["c.txt", "text"],
      ["d.MD", "markdown"],
    ]);
  });
});

describe("loadCorpus bad files", () => {
  const good = "A good document.";
  const badFiles: Record<string, { content: string | Uint8Array; message: RegExp }> = {
    "invalid-utf8.txt": { content: new Uint8Array([0x41, 0xc3, 0x28, 0x42]), message: /not valid UTF-8/ },
    "binary.txt": { content: new Uint8Array([0x41, 0x00, 0x42]), message: /binary/ },
    "utf16.txt": { content: new Uint8Array([0xff, 0xfe, 0x41, 0x00]), message: /UTF-16/ },
    "empty.md": { content: "", message: /empty/ },
    "blank.md": { content: " \n\t\r\n ", message: /empty/ },
    "bom-only.txt": { content: "\uFEFF", message: /empty/ },
    "huge.txt": { content: "x".repeat(2048), message: /larger than the 1 KiB limit/ },
  };

  for (const [name, { content, message }] of Object.entries(badFiles)) {
    it(`reports ${name} and loads the others`, async () => {
      const fs = inMemoryFileSystem({ "/c/before.txt": good, [`/c/${name}`]: content, "/c/z-after.md": good });
      const corpus = await loadCorpus(["/c"], fs, { maxFileBytes: 1024 });
      expect(ids(corpus)).toEqual(["before.txt", "z-after.md"]);
      expect(corpus.problems).toEqual([{ path: `/c/${name}`, message: expect.stringMatching(message) }]);
    });
  }

  it("reports a file that cannot be read", async () => {
    const base = inMemoryFileSystem({ "/c/a.txt": good, "/c/locked.txt": good });
    const fs = {
      ...base,
      readFile: async (path: string) => {
        if (path.endsWith("locked.txt")) throw new Error("EACCES: permission denied");
        return base.readFile(path);
      },
    };
    const corpus = await loadCorpus(["/c"], fs);
    expect(ids(corpus)).toEqual(["a.txt"]);
    expect(problemFor(corpus, "/c/locked.txt")?.message).toMatch(/cannot be read: EACCES/);
  });

  it("reports a subfolder that cannot be read and walks the rest", async () => {
    const base = inMemoryFileSystem({ "/c/a.txt": good, "/c/locked/b.txt": good, "/c/open/c.txt": good });
    const fs = {
      ...base,
      readDir: async (dir: string) => {
        if (dir.endsWith("locked")) throw new Error("EACCES: permission denied");
        return base.readDir(dir);
      },
    };
    const corpus = await loadCorpus(["/c"], fs);
    expect(ids(corpus)).toEqual(["a.txt", "open/c.txt"]);
    expect(problemFor(corpus, "/c/locked")?.message).toMatch(/cannot be read/);
  });
});

describe("loadCorpus folders", () => {
  it("walks nested folders, skipping dot-folders and node_modules, in sorted order", async () => {
    const fs = inMemoryFileSystem({
      "/c/z.txt": "Z",
      "/c/b/inner/deep.md": "Deep",
      "/c/a.md": "A",
      "/c/b/x.txt": "X",
      "/c/.git/notes.md": "hidden",
      "/c/node_modules/pkg/readme.md": "dependency",
      "/c/notes.json": "{}",
    });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.problems).toEqual([]);
    expect(ids(corpus)).toEqual(["a.md", "b/inner/deep.md", "b/x.txt", "z.txt"]);
    expect(corpus.documents[1].path).toBe("/c/b/inner/deep.md");
  });

  it("applies a nested corpus.json to the files beside it", async () => {
    const fs = inMemoryFileSystem({
      "/c/corpus.json": JSON.stringify({ documents: [{ file: "top.txt", title: "Top" }] }),
      "/c/top.txt": "T",
      "/c/sub/corpus.json": JSON.stringify({ documents: [{ file: "inner.txt", title: "Inner" }] }),
      "/c/sub/inner.txt": "I",
    });
    const corpus = await loadCorpus(["/c"], fs);
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.map((document) => [document.id, document.meta.title])).toEqual([
      ["sub/inner.txt", "Inner"],
      ["top.txt", "Top"],
    ]);
  });

  it("reports a missing folder and loads the others", async () => {
    const fs = inMemoryFileSystem({ "/c/a.txt": "A" });
    const corpus = await loadCorpus(["/missing", "/c"], fs);
    expect(ids(corpus)).toEqual(["a.txt"]);
    expect(corpus.problems).toEqual([{ path: "/missing", message: "corpus folder not found: /missing" }]);
  });

  it("reports a missing folder on disk without throwing", async () => {
    const corpus = await loadCorpus(["/work/shared/no-such-corpus-folder"], nodeFileSystem);
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems[0].message).toMatch(/^corpus folder not found: /);
  });

  it("loads several folders and does not load a file twice", async () => {
    const fs = inMemoryFileSystem({ "/c/a.txt": "A", "/c/sub/b.txt": "B", "/d/d.txt": "D" });
    const corpus = await loadCorpus(["/c", "/c/sub", "/d"], fs);
    expect(corpus.problems).toEqual([]);
    expect(corpus.documents.map((document) => [document.id, document.path])).toEqual([
      ["a.txt", "/c/a.txt"],
      ["sub/b.txt", "/c/sub/b.txt"],
      ["d.txt", "/d/d.txt"],
    ]);
  });

  it("reports a document whose id another folder already has", async () => {
    const fs = inMemoryFileSystem({ "/c/report.txt": "One", "/d/report.txt": "Other" });
    const corpus = await loadCorpus(["/c", "/d"], fs);
    expect(corpus.documents.map((document) => document.path)).toEqual(["/c/report.txt"]);
    expect(problemFor(corpus, "/d/report.txt")?.message).toMatch(/already has a document named "report.txt"/);
  });

  it("reports a file argument that is not a document", async () => {
    const fs = inMemoryFileSystem({ "/c/data.csv": "a,b" });
    const corpus = await loadCorpus(["/c/data.csv"], fs);
    expect(corpus.documents).toEqual([]);
    expect(corpus.problems[0].message).toMatch(/not a corpus document/);
  });
});
