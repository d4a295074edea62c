// Short passages for the views: a sentence cut around its value at word boundaries.

/** At most `max` characters of `sentence` around `valueText`, with an ellipsis where it was cut. */
export function quoteAround(sentence: string, valueText: string, max: number): string {
  const s = sentence.replace(/\s+/g, " ").trim();
  if (s.length <= max) return s;
  const at = Math.max(0, s.indexOf(valueText));
  const half = Math.max(0, Math.floor((max - valueText.length) / 2));
  let start = Math.max(0, at - half);
  let end = Math.min(s.length, at + valueText.length + half);
  if (start > 0) start = s.indexOf(" ", start) + 1 || start;
  if (end < s.length) end = Math.max(s.lastIndexOf(" ", end), at + valueText.length);
  return `${start > 0 ? "…" : ""}${s.slice(start, end)}${end < s.length ? "…" : ""}`;
}
