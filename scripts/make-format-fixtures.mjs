// Makes the PDF and Word test sources under test/fixtures/formats/ from the documents in its src/
// folder, with the tools writers' files come from: LibreOffice (PDF export, also with a password)
// and pandoc (Word). The outputs are committed, so the tests need neither tool; run this after
// changing a document in src/. `--install` first installs the tools (Debian).
//   node scripts/make-format-fixtures.mjs [--install]
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { deflateRawSync } from "node:zlib";

const root = path.resolve(import.meta.dirname, "..");
const fixtures = path.join(root, "test/fixtures/formats");
const src = path.join(fixtures, "src");
const work = mkdtempSync(path.join(tmpdir(), "format-fixtures-"));

if (process.argv.includes("--install")) {
  execFileSync("apt-get", ["update"], { stdio: "inherit" });
  execFileSync("apt-get", ["install", "-y", "--no-install-recommends", "libreoffice-writer-nogui", "pandoc"], {
    stdio: "inherit",
    env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
  });
}

/** LibreOffice's PDF export of a flat ODT document, with optional export filter options. */
function libreOfficePdf(input, output, filterOptions) {
  const filter = filterOptions ? `pdf:writer_pdf_Export:${JSON.stringify(filterOptions)}` : "pdf";
  const outDir = path.join(work, path.basename(output, ".pdf"));
  // A profile of its own, so a LibreOffice the user has open is neither used nor disturbed.
  execFileSync("soffice", [`-env:UserInstallation=file://${work}/profile`, "--headless", "--convert-to", filter, "--outdir", outDir, input], { stdio: "pipe" });
  copyFileSync(path.join(outDir, `${path.basename(input, path.extname(input))}.pdf`), output);
}

/** A long single-column report of generated sentences, for timing the reader on 100+ pages. */
function longReportFodt() {
  const paragraphs = [];
  for (let district = 1; district <= 215; district++) {
    paragraphs.push(`<text:h text:style-name="Heading_20_1" text:outline-level="1">District ${district}</text:h>`);
    for (let k = 0; k < 4; k++) {
      const year = 2010 + ((district + k) % 14);
      paragraphs.push(
        `<text:p text:style-name="Standard">In district ${district}, the programme repaired ${district * 3 + k} kilometres of rural road in ${year} ` +
          `and trained ${40 + district + k * 7} teachers in the two years that followed. Local councils reported that school attendance rose ` +
          `by ${(k + 2) * 1.5} percent over the same period, although the figures for the mountain villages were collected later than elsewhere ` +
          `and may not be comparable. Councils also noted that maintenance budgets had not kept pace with the new roads, a concern ` +
          `that appears in every district report of this series and that the programme's second phase is meant to address.</text:p>`,
      );
    }
  }
  const template = readFileSync(path.join(src, "river-report.fodt"), "utf8");
  return template
    .replace(/<office:text>[\s\S]*<\/office:text>/, `<office:text>${paragraphs.join("\n")}</office:text>`)
    .replace(/<style:columns [^>]*\/>/, "")
    .replace(/Power Along the River: Notes on a Regional Grid/, "District Programme Results, Second Series")
    .replace(/fo:page-width="14.8cm" fo:page-height="21cm"/, 'fo:page-width="21cm" fo:page-height="29.7cm"');
}

/** A page with a drawing and no text at all: what a scan without OCR looks like to a reader. */
function scannedFodt() {
  return `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
  xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
  office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:body><office:text>
  <text:p><draw:rect draw:name="page" text:anchor-type="paragraph" svg:width="12cm" svg:height="16cm" svg:x="0cm" svg:y="0cm"/></text:p>
 </office:text></office:body>
</office:document>`;
}

/** A minimal zip of one deflated entry of `size` zero bytes: kilobytes that unpack to megabytes. */
function zipBomb(name, size) {
  const data = deflateRawSync(Buffer.alloc(size), { level: 9 });
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(1000, 22); // the declared size lies, as a bomb's does
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(1000, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const centralOffset = local.length + nameBytes.length + data.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(central.length + nameBytes.length, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

try {
  libreOfficePdf(path.join(src, "river-report.fodt"), path.join(fixtures, "river-report.pdf"));
  libreOfficePdf(path.join(src, "river-report.fodt"), path.join(fixtures, "river-report-locked.pdf"), {
    EncryptFile: { type: "boolean", value: "true" },
    DocumentOpenPassword: { type: "string", value: "fixture" },
  });
  writeFileSync(path.join(work, "district-results.fodt"), longReportFodt());
  libreOfficePdf(path.join(work, "district-results.fodt"), path.join(fixtures, "district-results.pdf"));
  writeFileSync(path.join(work, "scanned.fodt"), scannedFodt());
  libreOfficePdf(path.join(work, "scanned.fodt"), path.join(fixtures, "scanned.pdf"));

  // pandoc dates the core properties by SOURCE_DATE_EPOCH: the document's own date.
  const epoch = String(Date.UTC(2024, 2, 18) / 1000);
  execFileSync("pandoc", [path.join(src, "alpine-fund.md"), "-o", path.join(fixtures, "alpine-fund.docx")], { env: { ...process.env, SOURCE_DATE_EPOCH: epoch } });
  // The same document as Word's users export it: a one-column PDF with a bulleted list and a table.
  libreOfficePdf(path.join(fixtures, "alpine-fund.docx"), path.join(fixtures, "alpine-fund.pdf"));

  // Damaged files, cut from the good ones: a Word package missing its table of contents, a PDF
  // whose body is overwritten.
  const docx = readFileSync(path.join(fixtures, "alpine-fund.docx"));
  writeFileSync(path.join(fixtures, "broken.docx"), docx.subarray(0, Math.floor(docx.length / 2)));
  const pdf = readFileSync(path.join(fixtures, "river-report.pdf"));
  writeFileSync(path.join(fixtures, "damaged.pdf"), Buffer.concat([pdf.subarray(0, 16), Buffer.alloc(pdf.length - 16, 0x41)]));
  writeFileSync(path.join(fixtures, "zip-bomb.docx"), zipBomb("word/document.xml", 300 * 1024 * 1024));
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`fixtures written to ${path.relative(root, fixtures)}`);
