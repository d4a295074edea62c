// Ranks entities for a typed prefix: exact prefixes of names, acronyms and aliases first, then
// fuzzy matches (fuzzysort), agreements and frameworks before other kinds.
import fuzzysort from "fuzzysort";
import type { Entity } from "./types";

const KIND_WEIGHT: Record<string, number> = {
  agreement: 0, framework: 0, initiative: 0, law: 1, strategy: 1, forum: 1, meeting: 1, organization: 2, other: 3, concept: 4,
};

export function rankEntities(entities: Entity[], prefix: string, limit: number): Entity[] {
  const p = prefix.trim().toLowerCase();
  const scored: { entity: Entity; score: number }[] = [];
  for (const entity of entities) {
    const names = [entity.name, entity.acronym, ...entity.aliases].filter((n): n is string => !!n);
    let score = Infinity;
    if (!p) score = 10;
    else {
      for (const n of names) {
        const lower = n.toLowerCase();
        if (lower.startsWith(p)) score = Math.min(score, n === entity.acronym ? 0 : 1);
        else if (lower.split(/[\s-]+/).some((w) => w.startsWith(p))) score = Math.min(score, 2);
        else {
          const fuzzy = fuzzysort.single(p, n);
          if (fuzzy && fuzzy.score > 0.3) score = Math.min(score, 4 - fuzzy.score);
        }
      }
    }
    if (score < Infinity) scored.push({ entity, score: score + (KIND_WEIGHT[entity.kind] ?? 3) * 0.1 + (entity.origin === "catalog" ? 0 : 0.05) });
  }
  scored.sort((a, b) => a.score - b.score || a.entity.name.localeCompare(b.entity.name));
  return scored.slice(0, limit).map((s) => s.entity);
}
