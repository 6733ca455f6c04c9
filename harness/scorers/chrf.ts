/**
 * chrF and chrF++ (Popović 2015, 2017), computed as sacreBLEU 2.x does: `sacrebleu/metrics/chrf.py`
 * and `sacrebleu/metrics/helpers.py`. Defaults are sacreBLEU's: 6 character orders, 0 word
 * orders (2 for chrF++), beta 2, whitespace removed before character n-grams, and the
 * « effective order » averaging (orders with nothing to compare are left out) instead of the
 * epsilon smoothing of chrF++.py. Scores are on sacreBLEU's 0–100 scale.
 */
import { HarnessError } from '../core/errors.js';
import { splitWords } from './tokenize-13a.js';

export type ChrfOptions = {
  charOrder?: number;
  /** Word n-gram orders added to the character ones: 2 is chrF++. */
  wordOrder?: number;
  beta?: number;
  /** Keep whitespace inside character n-grams (sacreBLEU `whitespace=True`). */
  whitespace?: boolean;
  /** chrF++.py / NLTK style epsilon smoothing instead of effective order (sacreBLEU `eps_smoothing`). */
  epsSmoothing?: boolean;
  lowercase?: boolean;
};

type Settings = Required<ChrfOptions>;
type Counts = Map<string, number>;
/** Per order (characters first, then words): [hypothesis n-grams, reference n-grams, matches]. */
export type ChrfStats = number[];

const settings = (opts: ChrfOptions): Settings => ({
  charOrder: 6, wordOrder: 0, beta: 2, whitespace: false, epsSmoothing: false, lowercase: false, ...opts,
});

const bump = (counts: Counts, key: string): void => {
  counts.set(key, (counts.get(key) ?? 0) + 1);
};

/** Character n-grams of orders 1..max, over code points (Python indexes strings by code point). */
const charNgrams = (text: string, max: number, whitespace: boolean): Counts[] => {
  const line = whitespace ? text : splitWords(text).join('');
  const starts: number[] = [];
  for (let i = 0; i < line.length; i++) {
    starts.push(i);
    if (line.codePointAt(i)! > 0xffff) i++;
  }
  starts.push(line.length);
  const chars = starts.length - 1;
  return Array.from({ length: max }, (_, k) => {
    const counts: Counts = new Map();
    for (let i = 0; i + k + 1 <= chars; i++) bump(counts, line.slice(starts[i], starts[i + k + 1]));
    return counts;
  });
};

// sacreBLEU's chrF++ tokenisation splits one ASCII punctuation mark (string.punctuation) off
// the end of a word, else off its start; a one-character word stays whole.
const PUNCTUATION = new Set('!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~');

const chrfWords = (text: string): string[] =>
  splitWords(text).flatMap((word) => {
    const chars = Array.from(word);
    if (chars.length === 1) return [word];
    const last = chars[chars.length - 1]!;
    if (PUNCTUATION.has(last)) return [word.slice(0, -last.length), last];
    const first = chars[0]!;
    if (PUNCTUATION.has(first)) return [first, word.slice(first.length)];
    return [word];
  });

const wordNgrams = (words: string[], max: number): Counts[] =>
  Array.from({ length: max }, (_, k) => {
    const counts: Counts = new Map();
    for (let i = 0; i + k + 1 <= words.length; i++) bump(counts, words.slice(i, i + k + 1).join(' '));
    return counts;
  });

const ngrams = (text: string, s: Settings): Counts[] => {
  const line = s.lowercase ? text.toLowerCase() : text;
  const chars = charNgrams(line, s.charOrder, s.whitespace);
  return s.wordOrder > 0 ? [...chars, ...wordNgrams(chrfWords(line), s.wordOrder)] : chars;
};

const matchStats = (hyp: Counts, ref: Counts): number[] => {
  let hypCount = 0;
  let matches = 0;
  for (const [gram, n] of hyp) {
    hypCount += n;
    const inRef = ref.get(gram);
    if (inRef !== undefined) matches += Math.min(n, inRef);
  }
  let refCount = 0;
  for (const n of ref.values()) refCount += n;
  // As sacreBLEU: hypothesis n-grams are not counted for an order the reference does not have.
  return [ref.size > 0 ? hypCount : 0, refCount, matches];
};

/** The F-beta score (0–100) of summed statistics. */
export const chrfFromStats = (stats: ChrfStats, opts: ChrfOptions = {}): number => {
  const s = settings(opts);
  const orders = s.charOrder + s.wordOrder;
  const factor = s.beta ** 2;
  const eps = 1e-16;
  let smoothed = 0;
  let precision = 0;
  let recall = 0;
  let effective = 0;
  for (let i = 0; i < orders; i++) {
    const hyp = stats[3 * i] ?? 0;
    const ref = stats[3 * i + 1] ?? 0;
    const match = stats[3 * i + 2] ?? 0;
    const p = hyp > 0 ? match / hyp : eps;
    const r = ref > 0 ? match / ref : eps;
    const denominator = factor * p + r;
    smoothed += denominator > 0 ? ((1 + factor) * p * r) / denominator : eps;
    if (hyp > 0 && ref > 0) {
      precision += p;
      recall += r;
      effective++;
    }
  }
  if (s.epsSmoothing) return (100 * smoothed) / orders;
  if (effective === 0) return 0;
  precision /= effective;
  recall /= effective;
  if (precision + recall === 0) return 0;
  return (100 * ((1 + factor) * precision * recall)) / (factor * precision + recall);
};

const asList = (refs: string | readonly string[]): readonly string[] => (typeof refs === 'string' ? [refs] : refs);

/** Statistics of one segment against the reference that gives it the best score (as sacreBLEU). */
export const chrfStats = (hypothesis: string, references: string | readonly string[], opts: ChrfOptions = {}): ChrfStats => {
  const s = settings(opts);
  const hyp = ngrams(hypothesis, s);
  let best: ChrfStats = [];
  let bestScore = -1;
  for (const reference of asList(references)) {
    const ref = ngrams(reference, s);
    const stats = hyp.flatMap((h, i) => matchStats(h, ref[i]!));
    const score = chrfFromStats(stats, s);
    if (score > bestScore) [best, bestScore] = [stats, score];
  }
  return best;
};

/** Sentence-level chrF (0–100), sacreBLEU `sentence_chrf`. */
export const sentenceChrf = (hypothesis: string, references: string | readonly string[], opts: ChrfOptions = {}): number =>
  chrfFromStats(chrfStats(hypothesis, references, opts), opts);

/**
 * Corpus-level chrF (0–100), sacreBLEU `corpus_chrf`: statistics summed over the segments, then
 * one F-score. `references[i]` is the reference of `hypotheses[i]` (or its alternatives).
 */
export const corpusChrf = (hypotheses: readonly string[], references: readonly (string | readonly string[])[], opts: ChrfOptions = {}): number => {
  if (hypotheses.length !== references.length) {
    throw new HarnessError('invalid-input', `chrF du corpus : ${hypotheses.length} sorties pour ${references.length} références`);
  }
  const total: ChrfStats = [];
  hypotheses.forEach((hyp, i) => {
    chrfStats(hyp, references[i]!, opts).forEach((n, k) => (total[k] = (total[k] ?? 0) + n));
  });
  return chrfFromStats(total, opts);
};
