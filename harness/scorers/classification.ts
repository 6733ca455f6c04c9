/**
 * `classification`: the output names exactly one of the declared labels, and it is the expected
 * one. Models wrap labels in sentences (« Catégorie : congés. »), change case and drop accents; the
 * answer is normalised before it is matched, and two different labels in it are ambiguous.
 */
import { z } from 'zod';
import { quote, stripAccents } from './normalize.js';
import { TextList, TextValue } from './text.js';
import type { ScorerDefinition } from './types.js';

/** Lower-case, accents folded, punctuation turned into spaces: « Congés-maladie. » → « conges maladie ». */
export const labelKey = (text: string): string =>
  stripAccents(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

export type LabelMatch = { kind: 'label'; label: string } | { kind: 'none' } | { kind: 'ambiguous'; labels: string[] };

/**
 * The one declared label an answer names. An answer equal to a label (once normalised) names it;
 * otherwise the labels found as whole words are kept, dropping any found only inside a longer one
 * (« congés » inside « congés maladie »); one left is the answer, several are ambiguous.
 */
export const matchLabel = (output: string, labels: readonly string[]): LabelMatch => {
  const answer = labelKey(output);
  const exact = labels.find((l) => labelKey(l) === answer);
  if (exact !== undefined) return { kind: 'label', label: exact };
  const padded = ` ${answer} `;
  const spans: { label: string; start: number; end: number }[] = [];
  for (const label of labels) {
    const key = ` ${labelKey(label)} `;
    if (key.trim() === '') continue;
    for (let i = padded.indexOf(key); i !== -1; i = padded.indexOf(key, i + 1)) spans.push({ label, start: i, end: i + key.length });
  }
  const kept = spans.filter((s) => !spans.some((o) => o !== s && o.end - o.start > s.end - s.start && o.start <= s.start && o.end >= s.end));
  const found = [...new Set(kept.map((s) => s.label))];
  if (found.length === 0) return { kind: 'none' };
  return found.length === 1 ? { kind: 'label', label: found[0]! } : { kind: 'ambiguous', labels: found };
};

const ClassificationArgs = z
  .strictObject({
    /** Every label an answer may give. */
    labels: TextList.refine((l) => l.length >= 2, { message: 'au moins deux étiquettes' }),
    /** The expected label; default: the case reference. */
    value: TextValue.optional(),
  })
  .superRefine((args, ctx) => {
    const seen = new Map<string, string>();
    for (const label of args.labels) {
      const key = labelKey(label);
      const twin = seen.get(key);
      if (key === '') ctx.addIssue({ code: 'custom', path: ['labels'], message: `étiquette sans lettre ni chiffre : ${quote(label)}` });
      else if (twin !== undefined) ctx.addIssue({ code: 'custom', path: ['labels'], message: `étiquettes indiscernables : ${quote(twin)} et ${quote(label)}` });
      seen.set(key, label);
    }
    if (args.value !== undefined && !seen.has(labelKey(args.value))) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: `${quote(args.value)} n’est pas une des étiquettes déclarées` });
    }
  });

const list = (labels: readonly string[]): string => labels.map((l) => quote(l, 30)).join(', ');

export const classificationScorer: ScorerDefinition<typeof ClassificationArgs> = {
  description: 'classification : la sortie donne exactement une des étiquettes déclarées, la bonne',
  args: ClassificationArgs,
  negatable: false,
  usesReference: true,
  create: (args) => (output, ctx) => {
    const wanted = args.value ?? ctx.reference;
    if (wanted === undefined) return { type: 'classification', value: null, pass: false, reason: 'aucune étiquette attendue (value ou référence) pour ce cas' };
    const expected = args.labels.find((l) => labelKey(l) === labelKey(wanted));
    if (expected === undefined) {
      return { type: 'classification', value: null, pass: false, reason: `la référence ${quote(wanted)} n’est pas une des étiquettes (${list(args.labels)})` };
    }
    const match = matchLabel(output, args.labels);
    // What the per-cell table (macro/micro-F1, per label) is built from.
    const labels = (predicted: string | null) => ({ declared: [...args.labels], expected, predicted });
    if (match.kind === 'none') return { type: 'classification', value: 0, pass: false, reason: `aucune étiquette reconnue dans ${quote(output)} (admises : ${list(args.labels)})`, labels: labels(null) };
    if (match.kind === 'ambiguous') return { type: 'classification', value: 0, pass: false, reason: `réponse ambiguë : plusieurs étiquettes (${list(match.labels)}) dans ${quote(output)}`, labels: labels(null) };
    const pass = match.label === expected;
    return { type: 'classification', value: pass ? 1 : 0, pass, reason: pass ? `bonne étiquette ${quote(expected)}` : `étiquette ${quote(match.label)}, attendu ${quote(expected)}`, labels: labels(match.label) };
  },
};
