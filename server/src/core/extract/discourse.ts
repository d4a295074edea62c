// Discourse: what a sentence speaks of when it does not name it. Real reporting names an
// agreement once (title, headline, first sentence) and then writes "it", "the Act", "the deal".
// A document's memory of the entities it has named lets later sentences resolve such words;
// every resolution keeps its evidence, and only one clearly fitting antecedent is taken.
import type { EntityKind, SubjectEvidence } from "../types";
import type { EntityRegistry } from "./entities";
import type { PhraseMatch } from "./phraseMatcher";
import { stem } from "./words";
import { overlapIndexOf } from "../util/overlapIndex";

/** How a sentence's entity was found, for `explain` and the hover. */
export type Resolution = SubjectEvidence;

/** Nouns a definite description can end in, and the kinds of entity each may stand for. */
const DESCRIPTION_KINDS: Record<string, EntityKind[]> = {
  act: ["law"],
  law: ["law"],
  legislation: ["law"],
  regulation: ["law"],
  agreement: ["agreement", "framework"],
  accord: ["agreement", "framework"],
  accords: ["agreement", "framework"],
  deal: ["agreement", "framework"],
  pact: ["agreement", "framework"],
  treaty: ["agreement"],
  convention: ["agreement"],
  framework: ["framework", "agreement"],
  bank: ["organization"],
  lender: ["organization"],
  fund: ["organization", "initiative"],
  institution: ["organization"],
  organisation: ["organization"],
  organization: ["organization"],
  alliance: ["organization", "initiative"],
  summit: ["forum", "meeting"],
  partnership: ["initiative", "framework", "agreement"],
  initiative: ["initiative", "framework"],
  programme: ["initiative"],
  program: ["initiative"],
  corridor: ["initiative"],
  undertaking: ["organization"],
};

const DESCRIPTION_RE = new RegExp(
  String.raw`\b(?:the|this|that|its|their)\s+((?:[\p{L}-]+\s+){0,3}?)(${Object.keys(DESCRIPTION_KINDS).join("|")})(?![\p{L}-])`,
  "giu",
);

const DESCRIPTION_NOUN_RE = new RegExp(String.raw`\b(?:${Object.keys(DESCRIPTION_KINDS).join("|")})\b`, "i");

/** What a document (or draft) has named so far, most recent last. */
export class DiscourseMemory {
  private readonly recent: string[] = [];
  /** The entities of the last sentence that named any, and of the document's title or lead. */
  lastSubject: string[] = [];
  constructor(readonly topic: string[] = []) {}

  /**
   * What a paragraph ending in a colon names ("Timeline of the Andes Deep-Sky Array:"): the subject
   * of the list items after it. Cleared by the next block that is not a list item.
   */
  leadIn: { entities: string[]; names: string[] } | undefined;

  /** The notes taken since `record()`, so that a cached block can replay them. */
  private log: string[][] | undefined;

  record(): void {
    this.log = [];
  }

  takeRecord(): string[][] {
    const log = this.log ?? [];
    this.log = undefined;
    return log;
  }

  note(entities: string[]): void {
    if (entities.length === 0) return;
    this.log?.push(entities);
    this.lastSubject = entities;
    for (const e of entities) {
      const at = this.recent.indexOf(e);
      if (at >= 0) this.recent.splice(at, 1);
      this.recent.push(e);
    }
    if (this.recent.length > 24) this.recent.shift();
  }

  hasAntecedents(): boolean {
    return this.recent.length + this.topic.length > 0;
  }

  /** Entities named so far, most recent first, then the topic. */
  antecedents(): string[] {
    const out = [...this.recent].reverse();
    for (const t of this.topic) if (!out.includes(t)) out.push(t);
    return out;
  }

  /** A key for caches: what later sentences can resolve to. */
  signature(): string {
    const leadIn = this.leadIn ? `${this.leadIn.entities.join(",")};${this.leadIn.names.join(",")}` : "";
    return `${this.topic.join(",")}|${this.recent.slice(-6).join(",")}|${this.lastSubject.join(",")}|${leadIn}`;
  }
}

/** Does an entity fit the noun ("European Chips Act" is an act; the Paris Agreement a deal)? */
function fits(entityId: string, noun: string, registry: EntityRegistry): "head" | "kind" | undefined {
  const entity = registry.get(entityId);
  if (!entity) return undefined;
  const nounStem = stem(noun);
  const heads = [entity.name, ...entity.aliases].map((n) => stem(n.split(/[\s-]+/).pop() ?? ""));
  if (heads.includes(nounStem)) return "head";
  return DESCRIPTION_KINDS[noun.toLowerCase()]?.includes(entity.kind) ? "kind" : undefined;
}

/**
 * Definite descriptions ("the Act", "the Chinese-led bank", "The landmark Accord") resolved to the
 * nearest entity named before whose name's head noun, or else whose kind, fits. A description
 * that two recent entities fit equally well is left alone.
 */
export function resolveDescriptions(
  sentence: string,
  named: { start: number; end: number }[],
  memory: DiscourseMemory,
  registry: EntityRegistry,
): { match: PhraseMatch<string>; resolution: Resolution }[] {
  const out: { match: PhraseMatch<string>; resolution: Resolution }[] = [];
  // (A cheap test first: most sentences hold no description noun at all.)
  if (!memory.hasAntecedents() || !DESCRIPTION_NOUN_RE.test(sentence)) return out;
  const antecedents = memory.antecedents();
  DESCRIPTION_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = DESCRIPTION_RE.exec(sentence))) {
    const start = m.index;
    const end = m.index + m[0].length;
    if (named.length > 24 ? overlapIndexOf(named).overlaps(start, end) : named.some((n) => n.start < end && start < n.end)) continue;
    // A capitalised modifier makes a name of its own ("the Development Bank"), unless it opens the sentence.
    const modifiers = m[1].trim().split(/\s+/).filter(Boolean);
    if (modifiers.some((w) => /^\p{Lu}/u.test(w) && !/-(?:led|backed|based)$/.test(w))) continue;
    // "the agreement of ...", "the fund for ...": a description completed by what follows is not a reference.
    if (/^\s+(?:of|for|on|to)\s/i.test(sentence.slice(end, end + 5))) continue;
    const entityId = pickAntecedent(m[2], antecedents, registry);
    if (!entityId) continue;
    out.push({ match: { key: entityId, start, end, text: m[0] }, resolution: { entityId, word: m[0], via: "description" } });
  }
  return out;
}

/** The one antecedent that fits: by head noun first, then by kind, the nearest; none if two tie. */
function pickAntecedent(noun: string, antecedents: string[], registry: EntityRegistry): string | undefined {
  for (const level of ["head", "kind"] as const) {
    const fitting = antecedents.filter((e) => fits(e, noun, registry) === level);
    if (fitting.length === 0) continue;
    // Two different recent entities of the same kind ("the deal" after two agreements): unclear.
    if (level === "kind" && fitting.length > 1 && antecedents.indexOf(fitting[1]) - antecedents.indexOf(fitting[0]) <= 1) return undefined;
    return fitting[0];
  }
  return undefined;
}

/**
 * A document's topic: the entities its title names, or else its first heading, or else its lead
 * sentence. Only a single entity is a topic: a title naming two things speaks of neither alone.
 */
export function documentTopic(title: string | undefined, firstHeading: string | undefined, lead: string | undefined, registry: EntityRegistry): string[] {
  for (const text of [title, firstHeading, lead]) {
    if (!text) continue;
    const found = [...new Set(registry.matcher().find(text).map((m) => m.key))];
    if (found.length > 0) return found.length === 1 ? found : [];
  }
  return [];
}
