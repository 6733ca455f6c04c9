/**
 * Translation and text-quality metrics: chrF / chrF++, BLEU, ROUGE-L and TER against the case's
 * reference (or the assertion's `value`), and French readability. The lead merges
 * `translationScorers` into the core registry. Field names follow the scorers spec.
 */
import { z } from 'zod';
import type { Score } from '../core/types.js';
import { sentenceBleu } from './bleu.js';
import { sentenceChrf } from './chrf.js';
import { frenchDecimal, quote } from './normalize.js';
import { readabilityFrScorer } from './readability-fr.js';
import { rougeL } from './rouge-l.js';
import { sentenceTer } from './ter.js';
import { TextValue } from './text.js';
import type { ScorerDefinition, ScorerRegistry } from './types.js';

type Measured = { value: number; pass: boolean; detail: string };

/**
 * The shared shape: no expected text → not applicable; else measure output against it. Both
 * sides are NFC-normalised first, since a model and a dataset may encode the same accented
 * letter differently (the metrics themselves, like sacreBLEU, compare code points as given).
 */
const againstReference = (type: string, output: string, expected: string | undefined, measure: (out: string, ref: string) => Measured): Score => {
  if (expected === undefined) return { type, value: null, pass: false, reason: 'aucune valeur attendue ni référence pour ce cas' };
  const { value, pass, detail } = measure(output.normalize('NFC'), expected.normalize('NFC'));
  return { type, value, pass, reason: pass ? detail : `${detail} (référence ${quote(expected, 40)})` };
};

/** A similarity in 0..1 that passes at or above its threshold. */
const atLeast = (name: string, value: number, threshold: number): Measured => {
  const pass = value >= threshold;
  return { value, pass, detail: `${name} ${frenchDecimal(value)} ${pass ? '≥' : '<'} seuil ${frenchDecimal(threshold)}` };
};

const similarityArgs = (threshold: number) => z.strictObject({ value: TextValue.optional(), threshold: z.number().min(0).max(1).default(threshold) });

const ChrfArgs = similarityArgs(0.5).extend({
  wordOrder: z.union([z.literal(0), z.literal(2)], { error: 'wordOrder vaut 0 (chrF) ou 2 (chrF++)' }).default(0),
});

export const chrfScorer: ScorerDefinition<typeof ChrfArgs> = {
  description: 'chrF comme sacreBLEU (chrF++ avec wordOrder: 2) contre la valeur ou la référence, seuil par défaut 0,50',
  args: ChrfArgs,
  negatable: true,
  usesReference: true,
  create: (args) => (output, ctx) =>
    againstReference('chrf', output, args.value ?? ctx.reference, (out, ref) =>
      atLeast(args.wordOrder === 2 ? 'chrF++' : 'chrF', sentenceChrf(out, ref, { wordOrder: args.wordOrder }) / 100, args.threshold),
    ),
};

const BleuArgs = similarityArgs(0.3);

export const bleuScorer: ScorerDefinition<typeof BleuArgs> = {
  description: 'BLEU de phrase comme sacreBLEU (tokeniseur 13a, lissage exp) contre la valeur ou la référence, seuil par défaut 0,30',
  args: BleuArgs,
  negatable: true,
  usesReference: true,
  create: (args) => (output, ctx) =>
    againstReference('bleu', output, args.value ?? ctx.reference, (out, ref) => atLeast('BLEU', sentenceBleu(out, ref).score / 100, args.threshold)),
};

const RougeArgs = similarityArgs(0.5);

export const rougeLScorer: ScorerDefinition<typeof RougeArgs> = {
  description: 'ROUGE-L (F1 de la plus longue sous-suite commune de mots, en minuscules) contre la valeur ou la référence, seuil par défaut 0,50',
  args: RougeArgs,
  negatable: true,
  usesReference: true,
  create: (args) => (output, ctx) =>
    againstReference('rouge-l', output, args.value ?? ctx.reference, (out, ref) => atLeast('ROUGE-L', rougeL(out, ref).f1, args.threshold)),
};

// TER is an error rate: the threshold is the highest rate accepted (it may exceed 1), the value 1 − TER.
const TerArgs = z.strictObject({ value: TextValue.optional(), threshold: z.number().min(0).default(0.5) });

export const terScorer: ScorerDefinition<typeof TerArgs> = {
  description: 'TER comme sacreBLEU (éditions par mot de référence, déplacements compris) : réussi si TER ≤ seuil (0,50 par défaut) ; valeur 1 − TER',
  args: TerArgs,
  negatable: true,
  usesReference: true,
  create: (args) => (output, ctx) =>
    againstReference('ter', output, args.value ?? ctx.reference, (out, ref) => {
      const ter = sentenceTer(out, ref);
      const pass = ter <= args.threshold;
      return { value: Math.max(0, 1 - ter), pass, detail: `TER ${frenchDecimal(ter)} ${pass ? '≤' : '>'} seuil ${frenchDecimal(args.threshold)}` };
    }),
};

export const translationScorers: ScorerRegistry = {
  chrf: chrfScorer,
  bleu: bleuScorer,
  'rouge-l': rougeLScorer,
  ter: terScorer,
  'readability-fr': readabilityFrScorer,
};
