// Discourse: names known by their form, definite descriptions, pronouns across paragraphs, and the
// document's topic, each tested alone and then through a check on a corpus that names its subject once.
import { describe, expect, it } from "vitest";
import { inMemoryFileSystem } from "../../server/src/core/corpus/fileSystem";
import { DiscourseMemory, documentTopic, resolveDescriptions } from "../../server/src/core/extract/discourse";
import { EntityRegistry, findNamedForms } from "../../server/src/core/extract/entities";
import { createFactCheckService } from "../../server/src/core/service";

describe("names known by their form", () => {
  const names = (text: string) => findNamedForms(text).map((f) => f.name);
  it("finds capitalised phrases ending in a name's head noun", () => {
    expect(names("Following its adoption, the European Chips Act has now entered into force.")).toEqual(["European Chips Act"]);
    expect(names("Austria signed the Artemis Accords on Wednesday.")).toEqual(["Artemis Accords"]);
    expect(names("They adopted the Kunming-Montreal Global Biodiversity Framework.")).toEqual(["Kunming-Montreal Global Biodiversity Framework"]);
    expect(names("The Just Energy Transition Partnership was launched in 2022.")).toEqual(["Just Energy Transition Partnership"]);
  });
  it("leaves out openers, possessors, and names that go on past the head", () => {
    expect(names("During the ASEAN-U.S. Summit, leaders met.")).toEqual(["ASEAN-U.S. Summit"]);
    expect(names("Japan's Economic Security Promotion Act took effect.")).toEqual(["Economic Security Promotion Act"]);
    expect(names("The Board of Directors of the Asian Development Bank approved it.")).toEqual(["Asian Development Bank"]);
    expect(names("a loan from the Japan Bank for International Cooperation")).toEqual([]);
    expect(names("leaders agreed at their Wales Summit on Friday")).toEqual(["Wales Summit"]);
  });
  it("reads no names from headlines in title case or capitals", () => {
    expect(names("Austria Becomes 50th Nation To Sign Artemis Accords")).toEqual([]);
    expect(names("KEY TAKEAWAYS OF COP15 BIODIVERSITY SUMMIT")).toEqual([]);
  });
});

describe("definite descriptions", () => {
  const registry = new EntityRegistry();
  const act = registry.addNamed("European Chips Act");
  const bank = registry.addNamed("Asian Infrastructure Investment Bank");
  const resolve = (sentence: string, memory: DiscourseMemory) => resolveDescriptions(sentence, [], memory, registry).map((r) => [r.match.text, r.resolution.entityId]);

  it("resolve to the nearest entity whose head noun or kind fits", () => {
    const memory = new DiscourseMemory();
    memory.note([act]);
    memory.note([bank]);
    expect(resolve("The Chinese-led bank starts with 57 member states.", memory)).toEqual([["The Chinese-led bank", bank]]);
    expect(resolve("The Act names four pillars.", memory)).toEqual([["The Act", act]]);
    expect(resolve("The legislation took effect in September.", memory)).toEqual([["The legislation", act]]);
  });
  it("resolve nothing without an antecedent, or where two fit alike", () => {
    expect(resolve("The Act names four pillars.", new DiscourseMemory())).toEqual([]);
    const two = new DiscourseMemory();
    two.note([registry.addNamed("Harbour Accord")]);
    two.note([registry.addNamed("Delta Agreement")]);
    expect(resolve("The deal was signed in May.", two)).toEqual([]);
  });
  it("leave descriptions completed by what follows alone", () => {
    const memory = new DiscourseMemory([act]);
    expect(resolve("the act of signing was brief", memory)).toEqual([]);
  });
  it("give a document its topic from the title, else the first heading or lead", () => {
    expect(documentTopic("The European Chips Act has entered into force", undefined, undefined, registry)).toEqual([act]);
    expect(documentTopic("KEY TAKEAWAYS", "Notes", "The Asian Infrastructure Investment Bank opened.", registry)).toEqual([bank]);
    expect(documentTopic("The European Chips Act and the Asian Infrastructure Investment Bank", undefined, undefined, registry)).toEqual([]);
  });
});

describe("checking against sources that name their subject once", () => {
  const corpus = {
    "/c/act.md": `---
title: The Harbour Freight Act takes effect
publisher: Port Gazette
published: 2024-03-02
---

# The Harbour Freight Act takes effect

ROTTERDAM (Netherlands) — The Harbour Freight Act entered into force on 1 March 2024, two years after it was proposed.

The Act sets aside €4.5 billion for new quays over the next five years. It also raises the port levy from 2% to 3.5%.

Thirty of the 41 member ports have already applied for funds.
`,
  };
  async function check(md: string) {
    const s = createFactCheckService({ fileSystem: inMemoryFileSystem(corpus), catalog: { entities: [] } });
    await s.setCorpus(["/c"]);
    return s.check(md).diagnostics.map((d) => [d.code, d.claimed, d.expected]);
  }
  it("reads 'The Act' and 'It' in later paragraphs as the Act", async () => {
    expect(await check("The Harbour Freight Act sets aside €5.4 billion for new quays.\n")).toEqual([["figure-conflict", "€5.4 billion", "€4.5 billion"]]);
    expect(await check("The Harbour Freight Act raises the port levy to 4%.\n")).toEqual([["figure-conflict", "4%", "3.5%"]]);
    expect(await check("The Harbour Freight Act entered into force on 1 March 2023.\n")).toEqual([["date-conflict", "1 March 2023", "March 1, 2024"]]);
  });
  it("keeps a part apart from its whole and old values apart from new", async () => {
    expect(await check("The Harbour Freight Act covers 41 member ports.\n")).toEqual([]);
    expect(await check("Under the Harbour Freight Act, the port levy rose from 2% to 3.5%.\n")).toEqual([]);
  });
  it("reads the items of a list as about what its lead-in names", async () => {
    expect(await check("The Harbour Freight Act in figures:\n\n- €5.4 billion set aside for new quays\n- in force since 1 March 2024\n")).toEqual([
      ["figure-conflict", "€5.4 billion", "€4.5 billion"],
    ]);
  });

  it("carries a draft's subject to the sentences after it", async () => {
    expect(await check("The Harbour Freight Act is new. It sets aside €5.4 billion for new quays.\n")).toEqual([["figure-conflict", "€5.4 billion", "€4.5 billion"]]);
  });
});
