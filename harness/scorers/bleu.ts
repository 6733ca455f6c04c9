/**
 * BLEU (Papineni et al. 2002) computed as sacreBLEU 2.x does: `sacrebleu/metrics/bleu.py`,
 * `sacrebleu/metrics/helpers.py` and `sacrebleu/compat.py` (defaults of `sentence_bleu` and
 * `corpus_bleu`). Tokenizer 13a, n-grams up to 4, brevity penalty against the closest reference
 * length, smoothing from Chen & Cherry (2014). Scores are on sacreBLEU's 0–100 scale.
 */
import { HarnessError } from '../core/errors.js';
import { rstrip, splitWords, tokenize13a } from './tokenize-13a.js';

export type SmoothMethod = 'none' | 'floor' | 'add-k' | 'exp';

export type BleuOptions = {
  /** `13a` (default) or `none` (the text is only split on whitespace). */
  tokenize?: '13a' | 'none';
  lowercase?: boolean;
  smoothMethod?: SmoothMethod;
  /** For `floor` (default 0.1) and `add-k` (default 1). */
  smoothValue?: number;
  /** Stop at the highest n-gram order the hypothesis has: sacreBLEU `effective_order`. */
  effectiveOrder?: boolean;
  maxNgramOrder?: number;
};

/** Sufficient statistics, summable over segments. `correct[n-1]`/`total[n-1]` are n-gram counts. */
export type BleuStats = { hypLen: number; refLen: number; correct: number[]; total: number[] };

export type BleuResult = { score: number; bp: number; precisions: number[]; stats: BleuStats };

// sacreBLEU's SMOOTH_DEFAULTS (values from Chen & Cherry 2014, « A Systematic Comparison of
// Smoothing Techniques for Sentence-Level BLEU »).
const SMOOTH_DEFAULTS: Record<SmoothMethod, number> = { none: 0, floor: 0.1, 'add-k': 1, exp: 0 };

/** sacreBLEU's `my_log`: log(0) is floored to -9999999999 so a zero precision zeroes the score. */
const floorLog = (x: number): number => (x === 0 ? -9999999999 : Math.log(x));

/** n-gram counts by order (index n-1); keys are tokens joined by one space. */
const ngramCounts = (tokens: string[], max: number): Map<string, number>[] =>
  Array.from({ length: max }, (_, k) => {
    const counts = new Map<string, number>();
    for (let i = 0; i + k + 1 <= tokens.length; i++) {
      const key = tokens.slice(i, i + k + 1).join(' ');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
  });

const preprocess = (text: string, opts: BleuOptions): string[] => {
  const line = rstrip(opts.lowercase ? text.toLowerCase() : text);
  return splitWords(opts.tokenize === 'none' ? line : tokenize13a(line));
};

/** Statistics of one segment against one or several references (counts clipped by the max over references). */
export const bleuStats = (hypothesis: string, references: string | readonly string[], opts: BleuOptions = {}): BleuStats => {
  const max = opts.maxNgramOrder ?? 4;
  const hyp = preprocess(hypothesis, opts);
  const refCounts = ngramCounts([], max);
  let refLen = -1;
  for (const reference of typeof references === 'string' ? [references] : references) {
    const tokens = preprocess(reference, opts);
    // Closest reference length; on a tie, the shorter one.
    const diff = Math.abs(hyp.length - tokens.length);
    const best = Math.abs(hyp.length - refLen);
    if (refLen === -1 || diff < best || (diff === best && tokens.length < refLen)) refLen = tokens.length;
    ngramCounts(tokens, max).forEach((counts, k) => {
      for (const [gram, n] of counts) refCounts[k]!.set(gram, Math.max(refCounts[k]!.get(gram) ?? 0, n));
    });
  }
  const correct: number[] = [];
  const total: number[] = [];
  ngramCounts(hyp, max).forEach((counts, k) => {
    correct[k] = 0;
    total[k] = 0;
    for (const [gram, n] of counts) {
      total[k] += n;
      correct[k] += Math.min(n, refCounts[k]!.get(gram) ?? 0);
    }
  });
  return { hypLen: hyp.length, refLen: Math.max(refLen, 0), correct, total };
};

/** sacreBLEU's `compute_bleu`: precisions, smoothing, brevity penalty and the geometric mean. */
export const bleuFromStats = (stats: BleuStats, opts: BleuOptions = {}): BleuResult => {
  const method = opts.smoothMethod ?? 'none';
  const k = opts.smoothValue ?? SMOOTH_DEFAULTS[method];
  const max = opts.maxNgramOrder ?? 4;
  const { hypLen, refLen } = stats;
  const bp = hypLen < refLen ? (hypLen > 0 ? Math.exp(1 - refLen / hypLen) : 0) : 1;
  const precisions = new Array<number>(max).fill(0);
  const result = (score: number): BleuResult => ({ score, bp, precisions, stats });
  if (!stats.correct.some((c) => c !== 0)) return result(0);
  const correct = [...stats.correct];
  const total = [...stats.total];
  let mteval = 1;
  let order = max;
  for (let n = 1; n <= max; n++) {
    if (method === 'add-k' && n > 1) {
      correct[n - 1] = (correct[n - 1] ?? 0) + k;
      total[n - 1] = (total[n - 1] ?? 0) + k;
    }
    const c = correct[n - 1] ?? 0;
    const t = total[n - 1] ?? 0;
    if (t === 0) break;
    if (opts.effectiveOrder) order = n;
    if (c !== 0) precisions[n - 1] = (100 * c) / t;
    else if (method === 'exp') {
      mteval *= 2;
      precisions[n - 1] = 100 / (mteval * t);
    } else if (method === 'floor') precisions[n - 1] = (100 * k) / t;
  }
  let logSum = 0;
  for (const p of precisions.slice(0, order)) logSum += floorLog(p);
  return result(bp * Math.exp(logSum / order));
};

const addStats = (a: BleuStats, b: BleuStats): BleuStats => ({
  hypLen: a.hypLen + b.hypLen,
  refLen: a.refLen + b.refLen,
  correct: b.correct.map((c, i) => (a.correct[i] ?? 0) + c),
  total: b.total.map((t, i) => (a.total[i] ?? 0) + t),
});

/** Sentence BLEU (0–100) with sacreBLEU `sentence_bleu` defaults: 13a, `exp` smoothing, effective order. */
export const sentenceBleu = (hypothesis: string, references: string | readonly string[], opts: BleuOptions = {}): BleuResult => {
  const o: BleuOptions = { smoothMethod: 'exp', effectiveOrder: true, ...opts };
  return bleuFromStats(bleuStats(hypothesis, references, o), o);
};

/**
 * Corpus BLEU (0–100) with sacreBLEU `corpus_bleu` defaults (13a, `exp`, no effective order):
 * statistics summed over the segments. `references[i]` is the reference of `hypotheses[i]` (or its alternatives).
 */
export const corpusBleu = (hypotheses: readonly string[], references: readonly (string | readonly string[])[], opts: BleuOptions = {}): BleuResult => {
  if (hypotheses.length !== references.length) {
    throw new HarnessError('invalid-input', `BLEU du corpus : ${hypotheses.length} sorties pour ${references.length} références`);
  }
  const o: BleuOptions = { smoothMethod: 'exp', effectiveOrder: false, ...opts };
  const empty: BleuStats = { hypLen: 0, refLen: 0, correct: [], total: [] };
  const stats = hypotheses.reduce((sum, hyp, i) => addStats(sum, bleuStats(hyp, references[i]!, o)), empty);
  return bleuFromStats(stats, o);
};
