// Words of a sentence, light stemming and stop words: enough to compare what two sentences
// measure ("trade surplus", "pillars") without a full NLP pipeline.

export interface Token {
  /** The word as written. */
  text: string;
  start: number;
  end: number;
}

const WORD_RE = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?(?:[-–][\p{L}\p{N}]+)*(?:['’](?=\s|$))?/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = WORD_RE.exec(text))) out.push({ text: m[0], start: m.index, end: m.index + m[0].length });
  return out;
}

export const STOP_WORDS = new Set(
  (
    "a an the of and or but nor in on at to for with by from as into onto upon about over under than then that this these those respectively " +
    "it its it's is are was were be been being am has have had having do does did done will would shall should can could may might must " +
    "not no so such also too very just only even still yet already both either neither each every all any some most more much many " +
    "other another same own which who whom whose what when where why how there here their they them he him his she her we our us you your " +
    "i me my one ones while during after before since until till between among amid via per against within without across through throughout " +
    "if whether because although though however thus therefore further furthermore moreover meanwhile including include includes included " +
    "new year years month months day days time times s t according said says say noted note stated state states added well like around up down"
  ).split(/\s+/),
);

const MONTHS = new Set([
  "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
  "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
]);

export function isMonthWord(word: string): boolean {
  return MONTHS.has(word.toLowerCase());
}

/** Base forms of irregular verbs ("have taken" meets "take", "grew" meets "grow") and of nouns whose verb differs ("sales" meets "sold"). */
const BASE_FORMS = new Map(
  Object.entries({
    taken: "take", took: "take", given: "give", gave: "give", shown: "show", grown: "grow", grew: "grow",
    known: "know", drawn: "draw", chosen: "choose", chose: "choose", driven: "drive", written: "write",
    risen: "rise", rose: "rise", fallen: "fall", fell: "fall", made: "make", paid: "pay", sold: "sell",
    spent: "spend", built: "build", held: "hold", won: "win", bought: "buy", began: "begin", begun: "begin",
    // Nouns whose verb differs in form.
    sale: "sell", sales: "sell", purchase: "buy", purchases: "buy",
  }),
);

/** A light suffix-stripping stem; both sides are stemmed alike, so it need not be linguistically exact. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/['’]s$/, "").replace(/['’]$/, "").replace(/–/g, "-");
  w = BASE_FORMS.get(w) ?? w;
  if (w.length <= 3) return w;
  if (w.endsWith("ies") && w.length > 4) w = w.slice(0, -3) + "y";
  else if (w.endsWith("sses")) w = w.slice(0, -2);
  else if (w.endsWith("es") && /(?:ch|sh|x|z)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith("s") && !/(?:ss|us|is|ys)$/.test(w)) w = w.slice(0, -1);
  if (w.length > 5 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith("ed")) w = w.slice(0, -2);
  else if (w.length > 7 && w.endsWith("ment")) w = w.slice(0, -4); // "investment" ~ "invest"
  else if (w.length > 7 && w.endsWith("tion")) w = w.slice(0, -3); // "contribution" ~ "contribute"
  else if (w.length > 6 && w.endsWith("ally")) w = w.slice(0, -2); // "annually" ~ "annual"
  // "planned" ~ "plan", "stopped" ~ "stop".
  if (w.length > 4 && /([bdgmnprt])\1$/.test(w)) w = w.slice(0, -1);
  if (w.length > 4 && w.endsWith("e")) w = w.slice(0, -1);
  return w;
}

/** Is this token a content word worth comparing (not a stop word, number or month)? */
export function isContentWord(word: string): boolean {
  const w = word.toLowerCase();
  if (STOP_WORDS.has(w)) return false;
  if (/^[\p{N}.,\-–]+$/u.test(w)) return false;
  if (MONTHS.has(w)) return false;
  return /\p{L}/u.test(w);
}
