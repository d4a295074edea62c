// How well a source claim no rule rejected speaks to a draft claim: names the source sentence
// states itself count most, then the words of the event or measure; the best-scoring sources decide.
import { termSetOf } from "../index/factIndex";
import { ClaimPair, ownRespectiveParty } from "./rules";

export function pairScore(p: ClaimPair): number {
  const { d, c } = p;
  // Names the source sentence itself states count for more than names only in its context.
  let stated = 0;
  for (const e of d.entities) if (c.entities.includes(e)) stated++;
  for (const n of d.names) if (c.names.includes(n)) stated++;
  const base = 1 + stated + (d.entities.length + d.names.length - stated) * 0.25;
  return base + (p.isDate ? dateScore(p) : figureScore(p));
}

function dateScore(p: ClaimPair): number {
  const { d, c } = p;
  // What the draft's event is about ("the concession agreement was signed"): its words in the
  // source sentence rank that source first.
  const terms = d.subjectTerms?.length ? termSetOf(c) : undefined;
  const subject = count(d.subjectTerms, (t) => terms!.has(t)) * 0.5;
  // Right before the source's own event word counts again: of two events in one sentence, the
  // draft's is the one described the same way.
  const ownSubject = count(d.subjectTerms, (t) => !!c.subjectTerms?.includes(t)) * 0.25;
  return p.eventCovered + subject + ownSubject;
}

function count(words: string[] | undefined, test: (t: string) => boolean): number {
  let n = 0;
  for (const t of words ?? []) if (test(t)) n++;
  return n;
}

function figureScore(p: ClaimPair): number {
  const { d, c } = p;
  // A value the source pins to the draft's own party ("respectively") speaks to it most directly.
  const pinned = ownRespectiveParty(p) ? 1 : 0;
  // Of a part and its whole in one source sentence, a bare draft count speaks of the whole.
  const share = p.counted && !d.share ? (c.share === "whole" ? 0.5 : c.share === "part" ? -0.5 : 0) : 0;
  // A rate ("a year") meets a source without one only when nothing better does.
  const rate = d.rate && !c.rate ? -1 : 0;
  return pinned + p.inSentence + p.local * 0.25 + share + rate;
}
