// A generated corpus with many dated facts, for timing the corpus timeline: `entities` made-up
// agreements, each defined once and then met, signed and reviewed on many dates across a few
// documents. Deterministic; the sentences are templates, not copies of any source.
import * as fs from "node:fs";
import * as path from "node:path";

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const PLACES = ["Linden", "Porto", "Brest", "Turku", "Varna", "Split", "Gdynia", "Cork", "Bilbao", "Tallinn"];
const WORDS = ["Amber", "Basalt", "Cedar", "Delta", "Ember", "Fjord", "Granite", "Harbor", "Iris", "Juniper", "Kestrel", "Lagoon", "Meadow", "Nimbus", "Orchid", "Prairie", "Quartz", "Reef", "Summit", "Tundra"];
const KINDS = ["Compact", "Accord", "Initiative", "Partnership"];

/** Writes the corpus under `dir`; returns the number of dated events it states. */
export function writeTimelineCorpus(dir, { entities = 40, meetingsPerEntity = 24, documents = 8 } = {}) {
  fs.mkdirSync(dir, { recursive: true });
  const docs = Array.from({ length: documents }, () => []);
  let events = 0;
  for (let e = 0; e < entities; e++) {
    const name = `${WORDS[e % WORDS.length]} ${WORDS[(e * 7 + 3) % WORDS.length]} ${KINDS[(e + Math.floor(e / WORDS.length)) % KINDS.length]}`;
    const acronym = `${name.split(" ").map((w) => w[0]).join("")}${e}`;
    const doc = docs[e % documents];
    const year = 1995 + (e % 20);
    doc.push(`The ${name} (${acronym}) was signed on ${MONTHS[e % 12]} ${1 + (e % 27)}, ${year} in ${PLACES[e % PLACES.length]}.`);
    events++;
    for (let m = 0; m < meetingsPerEntity; m++) {
      const day = 1 + ((e * 5 + m * 3) % 27);
      const month = MONTHS[(e + m * 5) % 12];
      const y = year + 1 + Math.floor(m / 2);
      const where = PLACES[(e + m) % PLACES.length];
      docs[(e + m) % documents].push(`The ${acronym} members met in ${where} on ${month} ${day}, ${y}.`);
      events++;
    }
  }
  docs.forEach((sentences, i) => {
    const text = `---\ntitle: Generated chronicle ${i + 1}\npublisher: Test Press ${i + 1}\npublished: 2030-01-01\n---\n\n${sentences.join("\n\n")}\n`;
    fs.writeFileSync(path.join(dir, `chronicle-${String(i + 1).padStart(2, "0")}.md`), text);
  });
  return events;
}
