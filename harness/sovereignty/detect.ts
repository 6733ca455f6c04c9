/**
 * Runs every PII detector over a text and returns non-overlapping spans in text order. The
 * detectors read a normalised copy (pii/normalize.ts: full-width forms, odd spaces and dashes,
 * invisible characters) and every span is mapped back, so `start`, `end` and `text` always refer
 * to the text as given: masking them removes the value as it was written, whole. Where
 * spans overlap (a name inside an address, a phone inside a longer number), they merge into one
 * span covering all of them, so no fragment of a value survives redaction; the merged span takes
 * the kind of its longest member, ties broken by `PII_KINDS` order.
 */
import { detectAddresses } from './pii/address.js';
import { detectBirthDates } from './pii/birth-date.js';
import { detectCards } from './pii/card.js';
import { detectEmails } from './pii/email.js';
import { detectIbans } from './pii/iban.js';
import { detectIdCards, detectPassports } from './pii/id-document.js';
import { detectNames } from './pii/name.js';
import { detectNirs } from './pii/nir.js';
import { normalizeForDetection } from './pii/normalize.js';
import { detectPhones } from './pii/phone.js';
import { detectSirets } from './pii/siret.js';
import { PII_KINDS, type Detector, type PiiKind, type PiiSpan } from './pii/types.js';

export type { PiiKind, PiiSpan } from './pii/types.js';

export const DETECTORS: Record<PiiKind, Detector> = {
  email: detectEmails,
  phone: detectPhones,
  nir: detectNirs,
  iban: detectIbans,
  siret: detectSirets,
  card: detectCards,
  'id-card': detectIdCards,
  passport: detectPassports,
  'birth-date': detectBirthDates,
  address: detectAddresses,
  name: detectNames,
};

const rank = (s: PiiSpan): number => PII_KINDS.indexOf(s.kind);

/** Longest first, then kind order, then position: the member that names a merged span. */
const stronger = (a: PiiSpan, b: PiiSpan): PiiSpan => {
  const byLength = b.end - b.start - (a.end - a.start);
  if (byLength !== 0) return byLength > 0 ? b : a;
  return rank(b) < rank(a) ? b : a;
};

/** Merges overlapping spans (touching is not overlapping); input need not be sorted. */
export const mergeSpans = (text: string, spans: readonly PiiSpan[]): PiiSpan[] => {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || rank(a) - rank(b));
  const out: { start: number; end: number; best: PiiSpan }[] = [];
  for (const s of sorted) {
    const last = out.at(-1);
    if (last && s.start < last.end) {
      last.end = Math.max(last.end, s.end);
      last.best = stronger(last.best, s);
    } else out.push({ start: s.start, end: s.end, best: s });
  }
  return out.map(({ start, end, best }) => ({ kind: best.kind, start, end, text: text.slice(start, end) }));
};

/** Every PII span of `text`, merged and in text order; `kinds` restricts the detectors run. */
export const detectPii = (text: string, kinds: readonly PiiKind[] = PII_KINDS): PiiSpan[] => {
  const normalized = normalizeForDetection(text);
  const spans = kinds.flatMap((k) => DETECTORS[k](normalized.text)).map((s) => {
    const [start, end] = normalized.toOriginal(s.start, s.end);
    return { kind: s.kind, start, end, text: text.slice(start, end) };
  });
  return mergeSpans(text, spans);
};

/** Whether `text` holds any PII (the guard's test for `redact: auto`). */
export const hasPii = (text: string): boolean => detectPii(text).length > 0;
