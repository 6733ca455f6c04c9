/**
 * French readability: Flesch's reading ease as adapted to French by Kandel & Moles (1958,
 * « Application de l'indice de Flesch à la langue française », Cahiers Études de Radio-Télévision
 * 19, 253–274): 207 − 1.015 × words/sentences − 73.6 × syllables/words. Higher is easier; about
 * 60–70 reads as plain everyday French, under 30 as specialist prose.
 */
import { z } from 'zod';
import type { ScorerDefinition } from './types.js';
import { quote } from './normalize.js';

const VOWEL = /[aeiouyàâäéèêëîïôöùûüÿœæ]/u;
const TREMA = /[ëïüÿ]/u;
// « e » or « es » at the end, after anything but a vowel (« é » counts as a consonant here: idée).
const SILENT_E = /[^aeiouyàâäèêëîïôöùûüÿœæ]es?$/u;

/**
 * Syllables of one word part (letters only), counted as vowel groups, with these rules:
 * - « qu », and « gu » before e/é/è/ê/i/y: the u is silent (piqué 2, langue 1, guerre 1);
 * - a word-initial « y » before a vowel is a consonant (yeux 1);
 * - a new syllable starts at any vowel after « é » (ré-a-li-té 4, thé-â-tral 3; théâtre is
 *   thé-âtre 2, as spoken, since the final-e rule below then drops « tre »'s e), at « é » after a
 *   vowel other than i or u (po-é-sie 3, but pi-tié 2, jou-é 1), at a vowel with a tréma
 *   (na-ïf 2, No-ël 2), and at a vowel after a « y » that follows a vowel (pay-er 2, voy-age 2);
 * - a final « e » or « es » after a consonant or « é » is silent when another syllable remains
 *   (table 1, tables 1, école 2, idée 2), so le, de, les keep their one syllable.
 * Known limits: the verb ending « -ent » is counted (parlent 2), some hiatus are missed
 * (chaos 1, extraordinaire 4, pays 1).
 */
const partSyllables = (part: string): number => {
  const letters = part.replace(/qu/gu, 'q').replace(/gu(?=[eéèêiy])/gu, 'g');
  const c = Array.from(letters);
  const vowelAt = (k: number): boolean =>
    k >= 0 && k < c.length && VOWEL.test(c[k]!) && !(k === 0 && c[k] === 'y' && VOWEL.test(c[1] ?? ''));
  let groups = 0;
  for (let k = 0; k < c.length; k++) {
    if (!vowelAt(k)) continue;
    const prev = c[k - 1];
    const hiatus = prev === 'é' || (c[k] === 'é' && prev !== 'i' && prev !== 'u') || TREMA.test(c[k]!) || (prev === 'y' && vowelAt(k - 2));
    if (!vowelAt(k - 1) || hiatus) groups++;
  }
  return groups > 1 && SILENT_E.test(letters) ? groups - 1 : groups;
};

/** Syllables of a word; parts joined by apostrophes or hyphens count apart (l'école 2, c'est-à-dire 3). At least 1. */
export const countSyllables = (word: string): number => {
  const parts = word.normalize('NFC').toLowerCase().split(/[^\p{L}]+/u);
  return Math.max(1, parts.reduce((sum, part) => sum + partSyllables(part), 0));
};

const WORD = /[\p{L}\p{M}\p{N}]+(?:['’\-.,][\p{L}\p{M}\p{N}]+)*/gu;

/** Words of a text: letters and digits, keeping « l'école », « c'est-à-dire », « 3,5 » whole. */
export const frenchWords = (text: string): string[] => text.normalize('NFC').match(WORD) ?? [];

// A period after these does not end a sentence (« M. Dupont », « cf. art. 3 »), nor after one capital initial.
const ABBREVIATIONS = new Set(['m', 'mm', 'mme', 'mmes', 'mlle', 'mlles', 'dr', 'pr', 'me', 'st', 'ste', 'cf', 'art', 'av', 'bd', 'p', 'ex', 'réf', 'tél']);
// The end mark may be followed by closing quotes or brackets, French style with a space (« Venez ! »).
const END = /[.!?…]+(?:\s*[»"')\]])*(?=\s|$)/gu;

/** Sentences: split after . ! ? … followed by a space or the end, and at every line break (list items). */
export const splitSentences = (text: string): string[] => {
  const sentences: string[] = [];
  for (const line of text.normalize('NFC').split(/\r?\n/u)) {
    let start = 0;
    for (const m of line.matchAll(END)) {
      const lastWord = /(\p{L}+)$/u.exec(line.slice(start, m.index))?.[1] ?? '';
      if (m[0] === '.' && (ABBREVIATIONS.has(lastWord.toLowerCase()) || /^\p{Lu}$/u.test(lastWord))) continue;
      sentences.push(line.slice(start, m.index + m[0].length));
      start = m.index + m[0].length;
    }
    sentences.push(line.slice(start));
  }
  return sentences.filter((s) => frenchWords(s).length > 0);
};

export type Readability = {
  /** Kandel–Moles score; may fall outside 0..100. Null when the text has no word. */
  score: number | null;
  sentences: number;
  words: number;
  syllables: number;
  /** Words per sentence, in order. */
  sentenceWords: number[];
  /** Each word with its syllable count, in order. */
  wordSyllables: { word: string; syllables: number }[];
};

export const readabilityFr = (text: string): Readability => {
  const sentenceWords = splitSentences(text).map((s) => frenchWords(s).length);
  const wordSyllables = frenchWords(text).map((word) => ({ word, syllables: countSyllables(word) }));
  const words = wordSyllables.length;
  const syllables = wordSyllables.reduce((sum, w) => sum + w.syllables, 0);
  const sentences = sentenceWords.length;
  const score = words === 0 ? null : 207 - 1.015 * (words / sentences) - 73.6 * (syllables / words);
  return { score, sentences, words, syllables, sentenceWords, wordSyllables };
};

const ReadabilityArgs = z.strictObject({
  min: z.number().min(0).max(100).default(60),
  maxSentenceWords: z.number().int().positive().default(20),
  maxWordSyllables: z.number().int().positive().optional(),
});

const plural = (n: number, word: string): string => `${n} ${word}${n > 1 ? 's' : ''}`;

export const readabilityFrScorer: ScorerDefinition<typeof ReadabilityArgs> = {
  description: 'lisibilité en français (Flesch adapté par Kandel et Moles) ≥ min (60 par défaut), phrases de 20 mots au plus',
  args: ReadabilityArgs,
  negatable: false,
  create: (args) => (output) => {
    const r = readabilityFr(output);
    if (r.score === null) return { type: 'readability-fr', value: 0, pass: false, reason: 'aucun mot à évaluer dans la sortie' };
    const scoreOk = r.score >= args.min;
    const long = r.sentenceWords.filter((n) => n > args.maxSentenceWords);
    const parts = [
      `lisibilité ${Math.round(r.score)} (${scoreOk ? '≥' : '<'} ${args.min})`,
      long.length === 0
        ? `phrases ≤ ${args.maxSentenceWords} mots`
        : `${plural(long.length, 'phrase')} de plus de ${args.maxSentenceWords} mots (la plus longue : ${long.reduce((a, b) => Math.max(a, b))} mots)`,
    ];
    let wordsOk = true;
    if (args.maxWordSyllables !== undefined) {
      const max = args.maxWordSyllables;
      const heavy = [...new Set(r.wordSyllables.filter((w) => w.syllables > max).map((w) => w.word))];
      wordsOk = heavy.length === 0;
      parts.push(wordsOk ? `mots ≤ ${max} syllabes` : `${plural(heavy.length, 'mot')} de plus de ${max} syllabes (${heavy.slice(0, 3).map((w) => quote(w, 30)).join(', ')})`);
    }
    const value = Math.min(1, Math.max(0, r.score / 100));
    return { type: 'readability-fr', value, pass: scoreOk && long.length === 0 && wordsOk, reason: parts.join(' ; ') };
  },
};
