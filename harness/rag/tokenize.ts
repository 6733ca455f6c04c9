/**
 * French-aware tokens for lexical retrieval: lower-case, accents folded, elisions split (« l'état »
 * → « etat »), common function words dropped, and a light plural strip so « horaires » finds
 * « horaire ». Pure; used for both passages and queries so they meet on the same terms.
 */

// A short hand-picked list of French function words (articles, pronouns, prepositions, auxiliaries),
// accents folded. Kept small on purpose: « pas », « plus » or « sans » can carry meaning in a query.
const STOP_WORDS: ReadonlySet<string> = new Set([
  'a', 'au', 'aux', 'avec', 'c', 'ce', 'ces', 'cet', 'cette', 'd', 'dans', 'de', 'des', 'du', 'elle', 'elles',
  'en', 'est', 'et', 'etre', 'il', 'ils', 'j', 'je', 'l', 'la', 'le', 'les', 'leur', 'leurs', 'lui', 'm', 'ma',
  'me', 'mes', 'mon', 'n', 'ne', 'nos', 'notre', 'nous', 'on', 'ou', 'par', 'pour', 'qu', 'que', 'qui', 's',
  'sa', 'se', 'ses', 'son', 'sont', 'sur', 't', 'ta', 'te', 'tes', 'ton', 'tu', 'un', 'une', 'vos', 'votre',
  'vous', 'y', 'quel', 'quelle', 'quels', 'quelles', 'comment', 'quand', 'peut', 'faut', 'dois', 'doit',
]);

/** Accents folded, lower-case, NFC-safe. */
export const foldTerm = (word: string): string => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * Drops a final plural `s` or `x` from words of more than three letters (« dossiers » → « dossier »,
 * « bureaux » → « bureau »), never after another `s` (« stress » stays).
 */
export const stripPlural = (term: string): string => (term.length > 3 && /[^s][sx]$/.test(term) ? term.slice(0, -1) : term);

/** Split on anything that is not a letter or a digit (apostrophes and hyphens included). */
export const splitWords = (text: string): string[] => text.split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');

/** A word as indexed, or null when it is a stop word. */
export const processTerm = (word: string): string | null => {
  const folded = foldTerm(word);
  return STOP_WORDS.has(folded) ? null : stripPlural(folded);
};

/** Every indexed term of a text, in order. */
export const tokenizeFr = (text: string): string[] => splitWords(text).flatMap((w) => processTerm(w) ?? []);
