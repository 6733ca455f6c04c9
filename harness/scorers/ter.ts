/**
 * TER, translation edit rate (Snover et al. 2006), as sacreBLEU 2.x computes it with its defaults
 * (`sacrebleu/metrics/ter.py`, `lib_ter.py`, `tokenizers/tokenizer_ter.py`): case-insensitive,
 * words split on whitespace, block shifts searched greedily with Tercom's limits (blocks of at
 * most 10 words moved at most 50 positions, a beam of 25 around the diagonal, at most 1,000
 * shift candidates per segment). Edits / reference words: 0 is perfect, and it can exceed 1.
 */
import { HarnessError } from '../core/errors.js';
import { rstrip, splitWords } from './tokenize-13a.js';

export type TerOptions = { caseSensitive?: boolean };
/** Summable statistics: edits, and the (average) reference length in words. */
export type TerStats = { edits: number; refLength: number };

// Tercom's limits, as sacreBLEU's lib_ter.py sets them.
const MAX_SHIFT_SIZE = 10;
const MAX_SHIFT_DIST = 50;
const BEAM_WIDTH = 25;
const MAX_SHIFT_CANDIDATES = 1000;
// Below 2^30 so that V8 keeps every cost a small integer (2^30 itself would force floating point).
const INF = 2 ** 29;
const [NOP, SUB, INS, DEL, UNDEF] = [0, 1, 2, 3, 4] as const;

type Words = readonly number[];

/**
 * Levenshtein distance between hypotheses of one length (rows) and the reference (columns),
 * computed only in a band around the length-ratio diagonal, cells outside being infinite, as in
 * sacreBLEU's BeamEditDistance. Row i keeps columns from[i]..to[i]-1 at flat offset off[i].
 */
const makeBeam = (ref: Words, hypLength: number) => {
  const ratio = hypLength > 0 ? ref.length / hypLength : 1;
  const width = BEAM_WIDTH < ratio / 2 ? Math.ceil(ratio / 2 + BEAM_WIDTH) : BEAM_WIDTH;
  const from = new Int32Array(hypLength + 1);
  const to = new Int32Array(hypLength + 1).fill(ref.length + 1);
  const off = new Int32Array(hypLength + 2);
  for (let i = 0; i <= hypLength; i++) {
    const diagonal = Math.floor(i * ratio);
    if (i > 0) from[i] = Math.max(0, diagonal - width);
    if (i > 0 && i < hypLength) to[i] = Math.min(ref.length + 1, diagonal + width);
    off[i + 1] = off[i]! + to[i]! - from[i]!;
  }
  const widest = from.reduce((max, f, i) => Math.max(max, to[i]! - f), 0);
  const buffers = [new Int32Array(widest), new Int32Array(widest)] as const;
  const at = (row: Int32Array, base: number, i: number, j: number): number => (j >= from[i]! && j < to[i]! ? row[base + j - from[i]!]! : INF);

  /** Fills row i (word `word`) at `cur[cb…]` from row i-1 at `prev[pb…]`: the hot loop, kept plain. */
  const fillRow = (i: number, word: number, prev: Int32Array, pb: number, cur: Int32Array, cb: number, op?: Uint8Array): void => {
    const f = from[i]!;
    const pf = from[i - 1]!;
    const pt = to[i - 1]!;
    let left = INF;
    for (let j = f; j < to[i]!; j++) {
      const up = (j >= pf && j < pt ? prev[pb + j - pf]! : INF) + 1;
      let best = up;
      let bestOp: number = DEL;
      if (j > 0) {
        const same = word === ref[j - 1];
        const diagonal = (j > pf && j <= pt ? prev[pb + j - 1 - pf]! : INF) + (same ? 0 : 1);
        // sacreBLEU's preference on ties: diagonal, then deletion, then insertion.
        best = INF;
        bestOp = UNDEF;
        if (diagonal < best) (best = diagonal), (bestOp = same ? NOP : SUB);
        if (up < best) (best = up), (bestOp = DEL);
        if (left + 1 < best) (best = left + 1), (bestOp = INS);
      }
      cur[cb + j - f] = best;
      if (op) op[cb + j - f] = bestOp;
      left = best;
    }
  };

  /**
   * Forward rows (cost and operation), then backward rows (cost from each cell to the end), then
   * the alignment read back from the operations: for each reference word, the hypothesis word it
   * faces, and which words of each side are in error.
   */
  const analyse = (hyp: Words) => {
    const cost = new Int32Array(off[hypLength + 1]!);
    const op = new Uint8Array(cost.length).fill(INS);
    for (let j = 0; j <= ref.length; j++) cost[j] = j;
    for (let i = 1; i <= hypLength; i++) fillRow(i, hyp[i - 1]!, cost, off[i - 1]!, cost, off[i]!, op);
    const back = new Int32Array(cost.length);
    for (let i = hypLength; i >= 0; i--) {
      for (let j = to[i]! - 1; j >= from[i]!; j--) {
        let best = i === hypLength && j === ref.length ? 0 : INF;
        if (i < hypLength) best = Math.min(best, at(back, off[i + 1]!, i + 1, j) + 1);
        if (i < hypLength && j < ref.length) best = Math.min(best, at(back, off[i + 1]!, i + 1, j + 1) + (hyp[i] === ref[j] ? 0 : 1));
        if (j + 1 < to[i]!) best = Math.min(best, at(back, off[i]!, i, j + 1) + 1);
        back[off[i]! + j - from[i]!] = best;
      }
    }
    const ops: number[] = [];
    for (let i = hypLength, j = ref.length; i > 0 || j > 0; ) {
      const o = j >= from[i]! && j < to[i]! ? op[off[i]! + j - from[i]!]! : UNDEF;
      ops.push(o);
      if (o === NOP || o === SUB) [i, j] = [i - 1, j - 1];
      else if (o === INS) j--;
      else if (o === DEL) i--;
      else throw new Error('TER : chemin d’alignement hors du faisceau');
    }
    const align = new Int32Array(ref.length);
    const hypErr = new Uint8Array(hypLength);
    const refErr = new Uint8Array(ref.length);
    let [h, r] = [-1, -1];
    for (const o of ops.reverse()) {
      if (o !== INS) h++;
      if (o !== DEL) align[++r] = h;
      if (o === SUB || o === DEL) hypErr[h] = 1;
      if (o === SUB || o === INS) refErr[r] = 1;
    }
    return { cost, back, before: at(cost, off[hypLength]!, hypLength, ref.length), align, hypErr, refErr };
  };

  /**
   * Distance of `hyp`, whose words differ from the analysed ones only at positions first..last-1.
   * Rows up to `first` are shared; rows first+1..last are computed; every path crosses row
   * `last` and what follows uses the same words, so the distance is the least forward + backward
   * cost over that row: the number a full computation gives, in far fewer cells.
   */
  const distanceFrom = (hyp: Words, base: ReturnType<typeof analyse>, first: number, last: number): number => {
    if (last <= first) return base.before;
    let [prev, pb] = [base.cost, off[first]!];
    for (let i = first + 1; i <= last; i++) {
      fillRow(i, hyp[i - 1]!, prev, pb, buffers[i % 2]!, 0);
      [prev, pb] = [buffers[i % 2]!, 0];
    }
    let best = INF;
    for (let k = 0; k < to[last]! - from[last]!; k++) best = Math.min(best, prev[k]! + base.back[off[last]! + k]!);
    return best;
  };
  return { analyse, distanceFrom };
};

/** sacreBLEU's `_perform_shift`: moves words[start, start+length) before position `target`. */
const moveBlock = (w: Words, start: number, length: number, target: number): number[] => {
  const end = start + length;
  const parts =
    target < start ? [0, target, start, end, target, start, end, w.length]
    : target > end ? [0, start, end, target, start, end, target, w.length]
    : [0, start, end, length + target, start, end, length + target, w.length];
  const out: number[] = [];
  for (let p = 0; p < 8; p += 2) for (let k = parts[p]!; k < Math.min(parts[p + 1]!, w.length); k++) out.push(w[k]!);
  return out;
};

const anyError = (flags: Uint8Array, start: number, length: number): boolean => {
  for (let k = start; k < start + length; k++) if (flags[k]) return true;
  return false;
};

type Shift = { gain: number; length: number; start: number; target: number; words: number[] };
// Tercom's ranking: biggest gain, then longest block, then earliest start, then earliest target.
const better = (a: Shift, b: Shift | undefined): boolean => {
  if (!b) return true;
  if (a.gain !== b.gain) return a.gain > b.gain;
  if (a.length !== b.length) return a.length > b.length;
  return a.start !== b.start ? a.start < b.start : a.target < b.target;
};

/**
 * sacreBLEU's `_shift`: tries moving each block of hypothesis words that matches the reference
 * elsewhere (and is wrong where it stands and where it would go) next to its match; returns the
 * best move, the distance before it, and the running count of candidates tried.
 */
const bestShift = (beam: ReturnType<typeof makeBeam>, words: Words, ref: Words, checked: number) => {
  const base = beam.analyse(words);
  const { align, hypErr, refErr } = base;
  let best: Shift | undefined;
  for (let h = 0; h < words.length; h++) {
    for (let r = Math.max(0, h - MAX_SHIFT_DIST); r < Math.min(ref.length, h + MAX_SHIFT_DIST + 1); r++) {
      for (let length = 1; length <= MAX_SHIFT_SIZE && words[h + length - 1] === ref[r + length - 1]; length++) {
        if (anyError(hypErr, h, length) && anyError(refErr, r, length) && !(h <= align[r]! && align[r]! < h + length)) {
          for (let offset = -1, previous = -1; offset < length; offset++) {
            const target = r + offset === -1 ? 0 : align[r + offset]! + 1;
            if (target === previous) continue;
            previous = target;
            const shifted = moveBlock(words, h, length, target);
            let [first, last] = [0, words.length];
            while (first < last && shifted[first] === words[first]) first++;
            while (last > first && shifted[last - 1] === words[last - 1]) last--;
            const candidate = { gain: base.before - beam.distanceFrom(shifted, base, first, last), length, start: h, target, words: shifted };
            checked++;
            if (better(candidate, best)) best = candidate;
          }
          if (checked >= MAX_SHIFT_CANDIDATES) return { before: base.before, best, checked };
        }
        if (words.length === h + length || ref.length === r + length) break;
      }
    }
  }
  return { before: base.before, best, checked };
};

/** Edits (shifts + Levenshtein after shifting) to turn the hypothesis into the reference. */
const editCount = (hyp: Words, ref: Words): number => {
  if (ref.length === 0) return hyp.length;
  const beam = makeBeam(ref, hyp.length);
  let [words, shifts, checked] = [hyp, 0, 0];
  for (;;) {
    const found = bestShift(beam, words, ref, checked);
    checked = found.checked;
    // As sacreBLEU: once the candidate budget is spent, even the best shift found is not applied.
    if (checked >= MAX_SHIFT_CANDIDATES || !found.best || found.best.gain <= 0) return shifts + found.before;
    shifts++;
    words = found.best.words;
  }
};

const toWords = (text: string, opts: TerOptions): string[] => splitWords(opts.caseSensitive ? rstrip(text) : rstrip(text).toLowerCase());

/** Statistics of one segment: fewest edits over the references, and their average length. */
export const terStats = (hypothesis: string, references: string | readonly string[], opts: TerOptions = {}): TerStats => {
  const refs = (typeof references === 'string' ? [references] : references).map((r) => toWords(r, opts));
  if (refs.length === 0) refs.push([]);
  const ids = new Map<string, number>();
  const encode = (words: string[]): number[] => words.map((w) => ids.get(w) ?? ids.set(w, ids.size).size - 1);
  const hyp = encode(toWords(hypothesis, opts));
  const edits = Math.min(...refs.map((ref) => editCount(hyp, encode(ref))));
  return { edits, refLength: refs.reduce((sum, ref) => sum + ref.length, 0) / refs.length };
};

/** TER of (summed) statistics as a fraction (sacreBLEU prints 100 ×). Empty reference: 1 if anything is left, else 0. */
export const terFromStats = ({ edits, refLength }: TerStats): number => (refLength > 0 ? edits / refLength : edits > 0 ? 1 : 0);

export const sentenceTer = (hypothesis: string, references: string | readonly string[], opts: TerOptions = {}): number =>
  terFromStats(terStats(hypothesis, references, opts));

/** Corpus TER: edits summed over the segments over the summed reference lengths. */
export const corpusTer = (hypotheses: readonly string[], references: readonly (string | readonly string[])[], opts: TerOptions = {}): number => {
  if (hypotheses.length !== references.length) {
    throw new HarnessError('invalid-input', `TER du corpus : ${hypotheses.length} sorties pour ${references.length} références`);
  }
  const stats = hypotheses.map((hyp, i) => terStats(hyp, references[i]!, opts));
  return terFromStats({ edits: stats.reduce((s, x) => s + x.edits, 0), refLength: stats.reduce((s, x) => s + x.refLength, 0) });
};
