// Renders an entity's fact card as Markdown for hovers and completion documentation.
import { citeSource } from "./sourceNames";
import type { EntityCard } from "./serviceTypes";
import type { SourceRef } from "./types";
import { sourcePlace } from "./corpus/formats/place";

function escapeMd(s: string): string {
  return s.replace(/([\\`*_[\]<>|])/g, "\\$1");
}

function sourceLabel(s: SourceRef): string {
  return `${citeSource(s)}, ${sourcePlace(s)}`;
}

function quoteAround(quote: string, value: string, max = 160): string {
  const q = quote.replace(/\s+/g, " ").trim();
  if (q.length <= max) return q;
  const at = Math.max(0, q.indexOf(value));
  const start = Math.max(0, at - Math.floor((max - value.length) / 2));
  const end = Math.min(q.length, start + max);
  return `${start > 0 ? "…" : ""}${q.slice(start, end)}${end < q.length ? "…" : ""}`;
}

export function renderCard(card: EntityCard, linkFor: (s: SourceRef) => string | undefined): string {
  const e = card.entity;
  const lines: string[] = [];
  const title = e.acronym && e.acronym !== e.name ? `${e.name} (${e.acronym})` : e.name;
  lines.push(`**${escapeMd(title)}** · _${e.kind}_`);
  if (e.description) lines.push("", escapeMd(e.description));
  const aliases = e.aliases.filter((a) => a !== e.name && a !== e.acronym);
  if (aliases.length) lines.push("", `Also: ${aliases.slice(0, 5).map(escapeMd).join(", ")}`);
  if (e.members?.length) lines.push("", `Members named in the sources: ${e.members.map(escapeMd).join(", ")}`);
  const link = (s: SourceRef) => {
    const target = linkFor(s);
    const label = escapeMd(sourceLabel(s));
    return target ? `[${label}](${target})` : label;
  };
  if (card.facts.length) {
    lines.push("", "**What the sources say**", "");
    for (const f of card.facts) {
      const src = f.sources[0];
      const disputed = f.disputed ? " ⚠ _the sources disagree_" : "";
      lines.push(`- **${escapeMd(f.label)}**: ${escapeMd(f.valueText)}${disputed}`);
      for (const s of f.sources.slice(0, f.disputed ? 3 : 1)) {
        // A catalog fact is no source's sentence: it is named, not quoted.
        if (s.origin === "catalog") lines.push(`  From the built-in catalog, citing ${link(s)}`);
        else lines.push(`  > “${escapeMd(quoteAround(s.quote, s.valueText))}” — ${link(s)}`);
      }
      if (!src) continue;
    }
  } else {
    lines.push("", "_The sources give no dated facts or figures for it._");
  }
  const def = card.definitions[0];
  if (def) lines.push("", `First defined or mentioned: ${link(def)}`);
  if (card.mentionCount) lines.push("", `_${card.mentionCount} mention${card.mentionCount === 1 ? "" : "s"} in the corpus._`);
  return lines.join("\n");
}
