/**
 * TER, translation edit rate (Snover et al. 2006), as sacreBLEU 2.x computes it with its defaults
 * (`sacrebleu/metrics/ter.py`, `lib_ter.py`, `tokenizers/tokenizer_ter.py`): case-insensitive,
 * words split on whitespace, block shifts searched greedily with Tercom's limits (shifts of at
 * most 10 words over at most 50 positions, a beam of 25 around the diagonal, at most 1,000
 * shift candidates per segment). Edits / reference words; 0 is perfect and it can exceed 1.
 */
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import type { ScorerDefinition } from './types.js';
import { frenchDecimal, quote } from './normalize.js';
import { TextValue } from './text.js';
import { rstrip, splitWords } from './tokenize-13a.js';

export type TerOptions = { caseSensitive?: boolean };
/** Summable statistics: edits, and the (average) reference length in words. */
export type TerStats = { edits: number; refLength: number };

// Tercom's limits, as sacreBLEU's lib_ter.py sets them.
const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const BEAM_WIDTH = 25;
const MAX_SHIFT_CANDIDATES = 1000;
const INF = 2 ** 30;
const [NOP, SUB, INS, DEL, UNDEF] = [0, 1, 2, 3, 4] as const;

type Words = readonly number[];
type Grid = { cost: Int32Array[]; op: Uint8Array[] };

/**
 * Levenshtein rows between a hypothesis (rows) and the reference (columns), only inside a band
 * around the length-ratio diagonal; cells outside stay infinite, exactly as sacreBLEU's
 * BeamEditDistance. Ties prefer match/substitution, then deletion, then insertion.
 */
const makeBeam = (ref: Words, hypLength: number) => {
  const ratio = hypLength > 0 ? ref.length / hypLength : 1;
  const width = BEAM_WIDTH < ratio / 2 ? Math.ceil(ratio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
  const firstRow = Int32Array.from({ length: ref.length + 1 }, (_, j) => j);
  const fillRow = (i: number, word: number, prev: Int32Array, cur: Int32Array, op?: Uint8Array): void => {
    cur.fill(INF);
    op?.fill(UNDEF);
    const diagonal = Math.floor(i * ratio);
    const from = Math.max(0, diagonal - width);
    const to = i === hypLength ? ref.length + 1 : Math.min(ref.length + 1, diagonal + width);
    for (let j = from; j < to; j++) {
      if (j === 0) {
        cur[0] = prev[0]! + 1;
        if (op) op[0] = DEL;
        continue;
      }
      const same = word === ref[j - 1];
      let best = INF;
      let bestOp: number = UNDEF;
      const sub = prev[j - 1]! + (same ? 0 : 1);
      if (sub < best) [best, bestOp] = [sub, same ? NOP : SUB];
      const del = prev[j]! + 1;
      if (del < best) [best, bestOp] = [del, DEL];
      const ins = cur[j - 1]! + 1;
      if (ins < best) [best, bestOp] = [ins, INS];
      cur[j] = best;
      if (op) op[j] = bestOp;
    }
  };
  /** Every row, with the operations (for the alignment). */
  const grid = (hyp: Words): Grid => {
    const cost = [firstRow];
    const op = [new Uint8Array(ref.length + 1).fill(INS)];
    hyp.forEach((word, k) => {
      cost.push(new Int32Array(ref.length + 1));
      op.push(new Uint8Array(ref.length + 1));
      fillRow(k + 1, word, cost[k]!, cost[k + 1]!, op[k + 1]);
    });
    return { cost, op };
  };
  /** Distance only, restarting from row `start` of `base` (the first `start` words are shared). */
  const distanceFrom = (hyp: Words, base: Grid, start: number): number => {
    const buffers = [new Int32Array(ref.length + 1), new Int32Array(ref.length + 1)] as const;
    let prev = base.cost[start]!;
    for (let i = start + 1; i <= hyp.length; i++) {
      const cur = buffers[i % 2]!;
      fillRow(i, hyp[i - 1]!, prev, cur);
      prev = cur;
    }
    return prev[ref.length]!;
  };
  return { grid, distanceFrom };
};

/** Walks the operations back: per reference word, the hypothesis word it aligns with, and error flags. */
const alignment = (grid: Grid, hypLength: number, refLength: number) => {
  const ops: number[] = [];
  for (let i = hypLength, j = refLength; i > 0 || j > 0; ) {
    const op = grid.op[i]![j]!;
    ops.push(op);
    if (op === NOP || op === SUB) [i, j] = [i - 1, j - 1];
    else if (op === INS) j--;
    else if (op === DEL) i--;
    else throw new Error('TER : chemin d’alignement hors du faisceau');
  }
  const align = new Int32Array(refLength);
  const hypErr = new Uint8Array(hypLength);
  const refErr = new Uint8Array(refLength);
  let h = -1;
  let r = -1;
  for (const op of ops.reverse()) {
    if (op !== INS) h++;
    if (op !== DEL) align[++r] = h;
    if (op === SUB || op === DEL) hypErr[h] = 1;
    if (op === SUB || op === INS) refErr[r] = 1;
  }
  return { align, hypErr, refErr };
};

const moveBlock = (w: Words, start: number, length: number, target: number): number[] => {
  if (target < start) return [...w.slice(0, target), ...w.slice(start, start + length), ...w.slice(target, start), ...w.slice(start + length)];
  if (target > start + length) return [...w.slice(0, start), ...w.slice(start + length, target), ...w.slice(start, start + length), ...w.slice(target)];
  return [...w.slice(0, start), ...w.slice(start + length, length + target), ...w.slice(start, start + length), ...w.slice(length + target)];
};

const anyError = (flags: Uint8Array, from: number, length: number): boolean => flags.subarray(from, from + length).some((f) => f !== 0);

/** Edits (shifts + Levenshtein after shifting) to turn the hypothesis into the reference. */
const editCount = (hyp: Words, ref: Words): number => {
  if (ref.length === 0) return hyp.length;
  const beam = makeBeam(ref, hyp.length);
  let words = hyp;
  let shifts = 0;
  let checked = 0;
  for (;;) {
    const base = beam.grid(words);
    const before = base.cost[words.length]![ref.length]!;
    const { align, hypErr, refErr } = alignment(base, words.length, ref.length);
    // Candidates ranked as Tercom: biggest gain, then longest block, then earliest start, then earliest target.
    let best: { rank: number[]; words: number[] } | undefined;
    search: for (let h = 0; h < words.length; h++) {
      for (let r = 0; r < ref.length; r++) {
        if (Math.abs(r - h) > MAX_SHIFT_DIST) continue;
        for (let length = 1; length <= MAX_SHIFT_SIZE && words[h + length - 1] === ref[r + length - 1]; length++) {
          const consumed = words.length === h + length || ref.length === r + length;
          const skip = !anyError(hypErr, h, length) || !anyError(refErr, r, length) || (h <= align[r]! && align[r]! < h + length);
          if (!skip) {
            let previous = -1;
            for (let offset = -1; offset < length; offset++) {
              const target = r + offset === -1 ? 0 : align[r + offset]! + 1;
              if (target === previous) continue;
              previous = target;
              const shifted = moveBlock(words, h, length, target);
              const rank = [before - beam.distanceFrom(shifted, base, Math.min(h, target)), length, -h, -target];
              checked++;
              if (!best || isGreater(rank, best.rank)) best = { rank, words: shifted };
            }
            if (checked >= MAX_SHIFT_CANDIDATES) break search;
          }
          if (consumed) break;
        }
      }
    }
    // As sacreBLEU: once the candidate budget is spent, the last best shift is not applied.
    if (checked >= MAX_SHIFT_CANDIDATES || !best || best.rank[0]! <= 0) return shifts + before;
    shifts++;
    words = best.words;
  }
};

const isGreater = (a: number[], b: number[]): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return false;
};

const toWords = (text: string, opts: TerOptions): string[] => {
  const line = rstrip(text);
  return splitWords(opts.caseSensitive ? line : line.toLowerCase());
};

/** Statistics of one segment: fewest edits over the references, and their average length. */
export const terStats = (hypothesis: string, references: string | readonly string[], opts: TerOptions = {}): TerStats => {
  const refs = (typeof references === 'string' ? [references] : references).map((r) => toWords(r, opts));
  if (refs.length === 0) refs.push([]);
  const hyp = toWords(hypothesis, opts);
  const ids = new Map<string, number>();
  const encode = (words: string[]): number[] => words.map((w) => ids.get(w) ?? ids.set(w, ids.size).size - 1);
  const hypIds = encode(hyp);
  const edits = Math.min(...refs.map((ref) => editCount(hypIds, encode(ref))));
  const refLength = refs.reduce((sum, ref) => sum + ref.length, 0) / Math.max(refs.length, 1);
  return { edits, refLength };
};

/** TER of summed statistics, as a fraction (sacreBLEU reports 100 ×). Empty reference: 1 if anything to delete, else 0. */
export const terFromStats = ({ edits, refLength }: TerStats): number => (refLength > 0 ? edits / refLength : edits > 0 ? 1 : 0);

export const sentenceTer = (hypothesis: string, references: string | readonly string[], opts: TerOptions = {}): number =>
  terFromStats(terStats(hypothesis, references, opts));

/** Corpus TER: edits summed over the segments divided by the summed reference lengths. */
export const corpusTer = (hypotheses: readonly string[], references: readonly (string | readonly string[])[], opts: TerOptions = {}): number => {
  if (hypotheses.length !== references.length) {
    throw new HarnessError('invalid-input', `TER du corpus : ${hypotheses.length} sorties pour ${references.length} références`);
  }
  const sum = hypotheses.reduce<TerStats>((acc, hyp, i) => {
    const s = terStats(hyp, references[i]!, opts);
    return { edits: acc.edits + s.edits, refLength: acc.refLength + s.refLength };
  }, { edits: 0, refLength: 0 });
  return terFromStats(sum);
};

const TerArgs = z.strictObject({
  value: TextValue.optional(),
  /** The highest TER accepted (edits per reference word). */
  threshold: z.number().min(0).default(0.5),
});

export const terScorer: ScorerDefinition<typeof TerArgs> = {
  description: 'TER comme sacreBLEU (taux d’édition, décalages compris) ; valeur 1 − TER, réussi si TER ≤ seuil (0,50 par défaut)',
  args: TerArgs,
  negatable: true,
  usesReference: true,
  create: (args) => (output, ctx) => {
    const expected = args.value ?? ctx.reference;
    if (expected === undefined) return { type: 'ter', value: null, pass: false, reason: 'aucune valeur attendue ni référence pour ce cas' };
    const ter = sentenceTer(output.normalize('NFC'), expected.normalize('NFC'));
    const pass = ter <= args.threshold;
    const detail = `TER ${frenchDecimal(ter)} ${pass ? '≤' : '>'} seuil ${frenchDecimal(args.threshold)}`;
    return { type: 'ter', value: Math.max(0, 1 - ter), pass, reason: pass ? detail : `${detail} (référence ${quote(expected, 40)})` };
  },
};
