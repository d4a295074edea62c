// Why a draft's claim got its verdict: the values read in each prose sentence, what the claim is
// about and how that was found, the candidate source passages with the rule that set each aside,
// and the verdict. The engine's own reasoning, laid out for a writer (and for us).
import type { ExtractionContext } from "./extract/claims";
import { analyzeBlock } from "./extract/claims";
import { formatDate } from "./extract/dates";
import type { Lexicon } from "./extract/lexicon";
import { sentenceRangeOf, type FactIndex, type IndexedClaim } from "./index/factIndex";
import { markdownToProse } from "./prose/markdownProse";
import { withLongBlocksCut } from "./prose/longBlocks";
import type { Claim, ClaimValue, VerdictKind } from "./types";
import { LineIndex } from "./util/lineIndex";
import { comparability, verifyClaim } from "./verify/verify";

export interface ExplainedCandidate {
  document: string;
  title?: string;
  /** 1-based line of the source passage. */
  line: number;
  valueText: string;
  quote: string;
  /** The rule that set the passage aside, or "accepted". */
  rule: string;
  /** Why, in a few words. */
  detail?: string;
  score?: number;
}

export interface ExplainedClaim {
  valueText: string;
  kind: string;
  value: string;
  /** 1-based line and column of the value in the draft. */
  line: number;
  column: number;
  entities: string[];
  /** How the subject was found: named in the sentence, carried from an earlier sentence, or from a heading. */
  subjectFrom: string[];
  names: string[];
  /** People and bodies named near the value, which a source must name too. */
  nearNames: string[];
  event?: string;
  measure: string[];
  verdict: VerdictKind;
  expected?: string;
  candidates: ExplainedCandidate[];
}

export interface ExplainedSentence {
  line: number;
  text: string;
  claims: ExplainedClaim[];
}

export interface ExplainDeps {
  index: FactIndex;
  lexicon: Lexicon;
  ctx: ExtractionContext;
  isSubject: (entityId: string) => boolean;
  titleOf: (documentId: string) => string | undefined;
}

/** Every prose sentence with a value (of one line, when given), explained. */
export function explainDraft(deps: ExplainDeps, markdown: string, onlyLine?: number): ExplainedSentence[] {
  // (Cut as a check cuts it: explain reads the draft exactly as check does.)
  const prose = withLongBlocksCut(markdownToProse(markdown));
  const lines = new LineIndex(markdown);
  const out = new Map<string, ExplainedSentence>();
  for (const block of prose.blocks) {
    for (const claim of analyzeBlock(block, deps.ctx).claims) {
      const at = lines.rangeOf(claim.start, claim.end).start;
      if (onlyLine !== undefined && at.line + 1 !== onlyLine) continue;
      const key = `${claim.sentenceStart}`;
      let sentence = out.get(key);
      if (!sentence) {
        sentence = { line: lines.rangeOf(claim.sentenceStart, claim.sentenceEnd).start.line + 1, text: claim.sentence, claims: [] };
        out.set(key, sentence);
      }
      sentence.claims.push(explainClaim(deps, claim, at.line + 1, at.character + 1));
    }
  }
  return [...out.values()];
}

function explainClaim(deps: ExplainDeps, claim: Claim, line: number, column: number): ExplainedClaim {
  const verdict = verifyClaim(claim, deps.index, deps.lexicon, deps.isSubject);
  const deciding = new Set(verdict.candidates.map((c) => c.claim));
  // Every anchored claim, those the index leaves out before the verifier included: each shows its rule.
  const candidates = deps.index.anchored(claim).map((c) => explainCandidate(deps, claim, c, deciding.has(c)));
  candidates.sort((a, b) => (b.score ?? 0) - (a.score ?? 0));
  const inherited = new Set(claim.inheritedEntities);
  return {
    valueText: claim.valueText,
    kind: claim.value.type === "date" ? "date" : claim.value.unit,
    value: describeValue(claim.value),
    line,
    column,
    entities: claim.entities,
    subjectFrom: claim.entities.map((e) => {
      const evidence = claim.subjectEvidence?.find((r) => r.entityId === e);
      if (evidence) return `${e}: ${evidence.via} "${evidence.word}"`;
      return inherited.has(e) ? `${e}: carried from an earlier sentence` : `${e}: named in the sentence`;
    }),
    names: claim.names,
    nearNames: claim.nearNames,
    event: claim.predicate,
    measure: claim.measure,
    verdict: verdict.kind,
    expected: verdict.expected,
    candidates: candidates.slice(0, 12),
  };
}

function explainCandidate(deps: ExplainDeps, d: Claim, c: IndexedClaim, deciding: boolean): ExplainedCandidate {
  const why: string[] = [];
  const score = comparability(d, c, deps.lexicon, why, deps.isSubject);
  const reason = why[0];
  return {
    document: c.documentId,
    title: deps.titleOf(c.documentId),
    line: sentenceRangeOf(c).start.line + 1,
    valueText: c.valueText,
    quote: c.sentence.length > 200 ? `${c.sentence.slice(0, 197)}...` : c.sentence,
    rule: score > 0 ? (deciding ? "accepted" : "comparable, outranked") : ruleOf(reason),
    detail: score > 0 ? undefined : reason?.split(": ").slice(1).join(": ") || undefined,
    score: score > 0 ? Math.round(score * 100) / 100 : undefined,
  };
}

/** The rule id of a rejection reason ("names: ipef" -> "names"). */
function ruleOf(reason: string | undefined): string {
  return reason ? reason.split(":")[0] : "rejected";
}

export function describeValue(v: ClaimValue): string {
  if (v.type === "date") return `${v.modifier ? `${v.modifier} ` : ""}${formatDate(v.date)}${v.yearInferred ? " (year inferred)" : ""}`;
  const parts = [v.unit, v.currency, v.high !== undefined ? `${v.value}-${v.high}` : `${v.value}`, v.hedge, v.role, v.rankOf].filter(Boolean);
  return parts.join(" ");
}

/** The explanation as plain text, one sentence after another. */
export function explainText(sentences: ExplainedSentence[]): string {
  const out: string[] = [];
  for (const s of sentences) {
    out.push(`line ${s.line}: ${s.text}`);
    for (const c of s.claims) {
      out.push(`  ${c.line}:${c.column} "${c.valueText}" ${c.kind} = ${c.value}`);
      out.push(`    about: ${c.subjectFrom.join("; ") || "(no entity)"}${c.names.length ? `; places ${c.names.join(", ")}` : ""}${c.nearNames.length ? `; names ${c.nearNames.join(", ")}` : ""}`);
      out.push(`    event: ${c.event ?? "-"}; measure: ${c.measure.join(" ") || "-"}`);
      out.push(`    verdict: ${c.verdict}${c.expected ? ` (sources: ${c.expected})` : ""}`);
      for (const k of c.candidates) {
        out.push(`    - ${k.rule}${k.detail ? ` (${k.detail})` : ""}${k.score ? ` score ${k.score}` : ""}: "${k.valueText}" ${k.title ?? k.document}, line ${k.line}`);
      }
    }
  }
  if (out.length === 0) out.push("No dates or figures found.");
  return out.join("\n");
}
