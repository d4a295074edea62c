// Shared types of the fact-check engine. Pure data: no editor or file-system imports.

/** 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

// ---------------------------------------------------------------------------
// Prose: Markdown (or plain text) reduced to the text a reader reads.

export type ProseBlockKind = "paragraph" | "heading" | "list_item" | "blockquote" | "table_row" | "text_line";

/**
 * One block of prose with markup removed. `sourceOffsets[i]` is the offset in the
 * original source of `text[i]` (-1 for characters the extractor inserted, such as the
 * separator between table cells); it has `text.length + 1` entries, the last being the
 * source offset just past the block's last character.
 */
export interface ProseBlock {
  kind: ProseBlockKind;
  text: string;
  sourceOffsets: Int32Array;
  /** Extent of the block in the source (offsets). */
  sourceStart: number;
  sourceEnd: number;
  /** For table rows: the header cells joined with "; ", read as context for the row. */
  headerText?: string;
  /** Text of the nearest heading above the block, if any. */
  heading?: string;
}

/** Inline comments that silence checking, as writers know them from markdownlint and Vale. */
export type DirectiveKind = "disable" | "enable" | "disable-line" | "disable-next-line";

export interface Directive {
  kind: DirectiveKind;
  /** 0-based line of the comment. */
  line: number;
  /** Optional rule codes the directive names; empty means all. */
  codes: string[];
}

export interface ProseDocument {
  blocks: ProseBlock[];
  directives: Directive[];
  /** YAML front matter, if the source starts with one (its extent and parsed data). */
  frontMatter?: { start: number; end: number; data: Record<string, unknown> | undefined; error?: string };
}

// ---------------------------------------------------------------------------
// Values

/** A calendar date known to some precision. Month 1-12. */
export interface PartialDate {
  year?: number;
  month?: number;
  day?: number;
  /** Season or part of a year, when that is all that is known ("summer of 2024", "earlier this year"). */
  part?: "spring" | "summer" | "autumn" | "winter" | "early" | "late" | "h1" | "h2" | "q1" | "q2" | "q3" | "q4";
}

export type DateModifier = "since" | "before" | "after" | "by" | "until" | "between";

export interface DateValue {
  type: "date";
  date: PartialDate;
  /** The year was resolved from the document's publication date ("on July 8", "earlier this year"). */
  yearInferred?: boolean;
  modifier?: DateModifier;
  /**
   * For a period written as one expression ("10–22 August 2012", "February 20-28, 2022"): its first
   * and last day. `date` stays what the two ends share (here the month).
   */
  period?: { from: PartialDate; to: PartialDate };
}

export type Hedge = "approx" | "over" | "under" | "at-least" | "at-most";

export interface QuantityValue {
  type: "quantity";
  /** money | percent | count | ordinal | number */
  unit: "money" | "percent" | "count" | "ordinal" | "number";
  /** ISO-like currency code for money: USD, EUR, JPY, KRW, CNY, GBP, ... */
  currency?: string;
  /** The value in base units (55.7 billion = 55.7e9). For ranges, the low end. */
  value: number;
  /** Upper end for ranges ("4 to 5"). */
  high?: number;
  /** Half the last written digit's place in base units, for rounding tolerance. */
  precision: number;
  hedge?: Hedge;
  /** For ordinals: the superlative or noun that follows ("largest", "meeting"). */
  rankOf?: string;
  /** In a change "from 8% to 15%": the old value ("from") or the new one ("to"). */
  role?: "from" | "to";
}

export type ClaimValue = DateValue | QuantityValue;

// ---------------------------------------------------------------------------
// Entities

export type EntityKind =
  | "agreement"
  | "framework"
  | "initiative"
  | "law"
  | "forum"
  | "meeting"
  | "organization"
  | "strategy"
  | "concept"
  | "other";

export interface CatalogFactCitation {
  /** Corpus file name (as in corpus.json), e.g. "001_20eb8572f3440156.txt". */
  document: string;
  /** 1-based line in that document where the passage stating the value is. */
  line: number;
  /** The value exactly as the document writes it on that line ("July 8", "four", "$40 million"): a value, never a sentence. */
  text: string;
}

/** A curated fact about an entity: a value with a citation. Never a copy of a sentence. */
export interface CatalogFact {
  kind: "date" | "quantity";
  /** Predicate class for dates (see data/lexicon.json), e.g. "launch", "sign". */
  predicate?: string;
  /** Measure words for quantities, e.g. ["pillars"], ["world", "gdp"]. */
  measure?: string[];
  /**
   * The normalised value: dates as ISO partial dates ("2022-05", "2024-07-08", "2022"),
   * quantities as prose the quantity extractor reads ("$40 million", "4", "40%", "fourth-largest").
   */
  value: string;
  /** A short label for the fact card in our own words, e.g. "launched", "pillars", "share of world GDP". */
  label: string;
  citation: CatalogFactCitation;
}

export interface CatalogEntity {
  id: string;
  name: string;
  acronym?: string;
  aliases: string[];
  kind: EntityKind;
  /** One line in our own words on what it is. */
  description?: string;
  members?: string[];
  facts: CatalogFact[];
}

export interface Catalog {
  entities: CatalogEntity[];
  /** The documents the facts cite, by document id: how to name them when they are not loaded. */
  sources?: Record<string, { title: string; publisher?: string; published?: string }>;
}

/** An entity known to the engine: from the catalog, or defined in the corpus ("Full Name (ACR)"). */
export interface Entity extends Omit<CatalogEntity, "facts"> {
  origin: "catalog" | "corpus";
}

export interface EntityMention {
  entityId: string;
  /** Offsets in the sentence text. */
  start: number;
  end: number;
  /** The text matched. */
  text: string;
}

// ---------------------------------------------------------------------------
// Corpus

export interface CorpusDocumentMeta {
  title?: string;
  publisher?: string;
  /** Publication date as written ("2023-10-28", "2024-07", "2022"). */
  published?: string;
  authors?: string[];
}

/** File formats the corpus converts to Markdown before reading them. */
export type ConvertedFormat = "pdf" | "html" | "docx";

/** For a converted source: its own format, and where each line of the converted text came from. */
export interface OriginalSource {
  format: ConvertedFormat;
  /**
   * For paged sources: where the text of each line of the original starts in `text`, as
   * [offset, page, line on the page] (page and line 1-based, lines counted in reading order), by offset.
   */
  places?: [offset: number, page: number, line: number][];
}

export interface CorpusDocument {
  /** Stable id: the file name relative to its corpus folder, e.g. "001_20eb8572f3440156.txt". */
  id: string;
  /** Absolute path on disk (or a virtual path in tests). */
  path: string;
  /** How `text` is read. PDF, HTML and Word sources are converted to Markdown (see `original`). */
  format: "markdown" | "text";
  text: string;
  meta: CorpusDocumentMeta;
  /** Set when `text` was converted from a PDF, HTML page or Word document. */
  original?: OriginalSource;
}

export interface CorpusProblem {
  path: string;
  message: string;
}

export interface LoadedCorpus {
  documents: CorpusDocument[];
  problems: CorpusProblem[];
}

// ---------------------------------------------------------------------------
// Claims and verdicts

export interface Claim {
  value: ClaimValue;
  /** Text of the value as written ("May 2021", "$55.7 billion"). */
  valueText: string;
  /** Offsets of the value in the owning text (draft source or corpus document text). */
  start: number;
  end: number;
  /** The sentence the claim is in, and its offsets in the owning text. */
  sentence: string;
  sentenceStart: number;
  sentenceEnd: number;
  /** Entities the sentence speaks of (ids), including those carried over from the previous sentence. */
  entities: string[];
  /** Other named things (countries, people, institutions), normalised. */
  names: string[];
  /** Names and entities of the preceding sentences of the same block, and its heading. */
  contextNames: string[];
  /** Predicate class of the event a date belongs to ("launch", "sign"), or the verb class near a figure. */
  predicate?: string;
  /** The event word is a noun ("the signing", "a meeting") rather than a verb. */
  predicateIsNoun?: boolean;
  /** The nearest event words on either side of the value (the first is `predicate`). */
  predicates: string[];
  /** "first", "last", ... when the sentence qualifies the event. */
  eventOrder?: "first" | "last";
  /** Content-word stems near the value (measure words: "pillar", "surplus", "gdp"). */
  measure: string[];
  /** All content-word stems of the sentence. */
  terms: string[];
  /** Years the sentence speaks of, other than the value itself. */
  years: number[];
  /** Years of the preceding sentences of the same block. */
  contextYears: number[];
  /** Names (lower case) of people and institutions the sentence mentions, beyond entities and places. */
  otherNames: string[];
  /** For counts and ordinals: the stem of the noun counted ("pillar", "member", "day"). */
  head?: string;
  /** Words that say what a figure measures, as written ("main pillars"), for fact cards. */
  measureText?: string;
  /** How many counts of the same noun its sentence holds ("eight days by rail, 30 days by road": 2). */
  sameHeadCounts?: number;
  /** Ordinals the sentence states ("the 7th forum"), which pin down one occurrence of a recurring event. */
  ordinals: number[];
  /** For dates: content words of the phrase just before the event word ("concession agreement"). */
  subjectTerms?: string[];
  /** For dates: the names (entity ids, place ids, other names) around the event word: who did what. */
  eventNames: string[];
  /** Other names close to the value (its event or measure words), which a matching source must state too. */
  nearNames: string[];
  /** Names a draft sentence that names nothing carries from the one before: a source must state one of them. */
  carriedNames?: string[];
  /** The first party (entity, place or name) the value's clause names before it. */
  clauseSubject?: string;
  /** Entities named in the value's own clause (a list after a colon is a clause of its own). */
  clauseEntities?: string[];
  /** Entities of the previous sentence ("... the Fish Fund. The call closed with 73 proposals"). */
  previousEntities?: string[];
  /** Entities carried over from the previous sentence ("It was signed ..."). */
  inheritedEntities: string[];
  /** In "A and B ... 1% and 2%, respectively": the parties of the list, and the one this value belongs to. */
  respective?: { of: string; parties: string[] };
  /** For a period no event word dates ("between 2027 and 2036"): which end this date is. */
  periodEnd?: "start" | "end";
  /** What a figure is a rate of ("per project", "a year" -> "project", "year"). */
  rate?: string;
  /** The year a figure is tied to when its sentence gives several ("$30 billion a year by 2030"). */
  ownYear?: number;
  /** "Thirty of the 57 members": a part of a whole, or the whole a part is of. */
  share?: "part" | "whole";
  /** How entities the sentence does not name were found ("the bank" -> the AIIB), for explain and the hover. */
  subjectEvidence?: SubjectEvidence[];
}

/**
 * What the index reads of a draft claim to tell whether any source claim can be its candidate
 * (FactIndex.mayHaveCandidates): a draft's claim is read this far first, and built in full only
 * when the answer is yes.
 */
export type AnchorProbe = Pick<Claim, "value" | "entities" | "names" | "nearNames" | "carriedNames" | "head" | "share" | "predicates" | "eventOrder">;

/** One entity a sentence speaks of without naming it, and the words or heading it was read from. */
export interface SubjectEvidence {
  entityId: string;
  /** The words that referred to it ("the Act", "It"), or the heading or title it came from. */
  word: string;
  via: "description" | "pronoun" | "heading" | "title";
}

export type VerdictKind = "supported" | "conflict" | "disagree" | "not-covered";

export interface SourceRef {
  /** Corpus document id, or "catalog" for built-in facts. */
  document: string;
  /** "catalog" when the fact comes from the built-in catalog and the cited document is not loaded: `quote` is no source's text. */
  origin?: "catalog";
  path?: string;
  title?: string;
  publisher?: string;
  published?: string;
  /** The passage's range in the corpus document (in its converted text, for converted sources). */
  range: Range;
  /** For a converted source: its format, and for a PDF the page (1-based) and line on it of the passage. */
  originalFormat?: ConvertedFormat;
  page?: number;
  pageLine?: number;
  /** The passage, read from the corpus at run time. */
  quote: string;
  /** The value as the source states it. */
  valueText: string;
}

export interface Verdict {
  kind: VerdictKind;
  claim: Claim;
  /** The sources the verdict rests on (supporting or contradicting). */
  sources: SourceRef[];
  /** The value the sources give, when it differs. */
  expected?: string;
  /** A supported claim that other sources contradict: those sources. */
  disputedBy?: SourceRef[];
}

export type Severity = "error" | "warning" | "information" | "hint";

export type DiagnosticCode = "date-conflict" | "figure-conflict" | "sources-disagree" | "unsourced-claim" | "too-complex" | "bad-input";

export interface FactDiagnostic {
  code: DiagnosticCode;
  severity: Severity;
  range: Range;
  /** Offsets in the draft source. */
  start: number;
  end: number;
  message: string;
  claimed: string;
  expected?: string;
  sources: SourceRef[];
}
