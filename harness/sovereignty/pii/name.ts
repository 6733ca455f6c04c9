/**
 * Person names, where a list makes detection reliable: a civility or title (« M. », « Mme »,
 * « Monsieur », « Dr »…) followed by capitalised words, or a very common first name (see
 * first-names.ts) followed by a capitalised surname. The span is the name without its title, so
 * « Mme [NOM_1] » keeps the letter readable.
 *
 * Limits, by design (precision over recall): a surname alone (« Dupont a signé »), a rare or
 * foreign first name without a title, a first name in capitals (« MARIE DUPONT ») and any name in
 * lower case are not found. Roles after a title (« Monsieur le Maire ») are not names. A name after
 * a place word (« lycée Jean Moulin », « rue du Docteur Roux ») names a place and is skipped.
 */
import { COMMON_FIRST_NAMES } from './first-names.js';
import { type Detector, type PiiSpan } from './types.js';

const stripAccents = (s: string): string => s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const FIRST = `(?:${[...new Set(COMMON_FIRST_NAMES.flatMap((n) => [n, stripAccents(n)]))].sort((a, b) => b.length - a.length).map(escape).join('|')})`;
const SP = String.raw`[ \u00A0]+`;
const CAP = String.raw`(?:\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)*|\p{Lu}{2,}(?:-\p{Lu}{2,})*)`;
const NOBLE = String.raw`(?:(?:de|du|des|d['’]|van|von|Le|La|De|Du|Van)(?:${SP}|(?<=['’])))`;
const SURNAME = `${NOBLE}?${CAP}`;
const TITLE = String.raw`(?:M\.|MM\.|Mme|Mmes|Mlle|Monsieur|Madame|Mademoiselle|Dr\.?|Docteur|Me|Maître|Pr\.?|Professeur)`;
const END = String.raw`(?![\p{L}\p{N}])`;

const BY_TITLE = new RegExp(String.raw`(?<![\p{L}\p{N}])${TITLE}${SP}(?<name>${SURNAME}(?:${SP}${SURNAME}){0,2})${END}`, 'gud');
const BY_FIRST_NAME = new RegExp(String.raw`(?<![\p{L}\p{N}\-])(?<name>${FIRST}(?:-${FIRST})?${SP}${SURNAME})${END}`, 'gud');

/** Capitalised words that follow a title or a first name without being a name. */
const NOT_NAMES = new Set([
  'le', 'la', 'les', 'un', 'une', 'et', 'ou', 'de', 'du', 'des', 'en', 'au', 'aux', 'ce', 'cette', 'il', 'elle', 'nous', 'vous',
  'je', 'mme', 'madame', 'monsieur', 'bonjour', 'merci', 'cordialement', 'maire', 'adjoint', 'adjointe', 'president',
  'presidente', 'directeur', 'directrice', 'prefet', 'prefete', 'ministre', 'conseiller', 'conseillere', 'depute',
  'deputee', 'senateur', 'senatrice', 'secretaire', 'responsable', 'chef', 'cheffe', 'agent', 'agente',
]);

/** Place words: what follows names a street, a school or a building after a person. */
const PLACE_BEFORE = /(?<!\p{L})(?:rue|avenue|av\.|boulevard|bd|place|quai|allée|impasse|square|cours|chemin|route|lycée|collège|école|groupe scolaire|stade|gymnase|piscine|hôpital|clinique|centre|salle|espace|maison|médiathèque|bibliothèque|musée|théâtre|parc|jardin|pont|gare|station|métro|institut|fondation|résidence|cité|crèche|église|prix|saint|sainte)(?:[ \u00A0]+(?:de|du|des|d['’]|la))?[ \u00A0]*$/iu;

const PARTICLE = /^(?:de|du|des|van|von|le|la)$/iu;

/**
 * Length of the name once trailing non-names are cut (« Mme Durand Bonjour » → « Durand »), or 0
 * when it starts with one (« Monsieur Le Maire »). A particle counts only before another word.
 */
const nameLength = (name: string): number => {
  const words = [...name.matchAll(/[^ \u00A0]+/gu)];
  let length = 0;
  for (const [i, w] of words.entries()) {
    if (PARTICLE.test(w[0]) && i < words.length - 1) continue;
    if (NOT_NAMES.has(stripAccents(w[0]).toLowerCase())) break;
    length = w.index + w[0].length;
  }
  return length;
};

const collect = (text: string, regex: RegExp, spans: PiiSpan[], minWords: number): void => {
  for (const m of text.matchAll(regex)) {
    const at = m.indices?.groups?.['name'];
    const name = m.groups?.['name'];
    if (!at || !name || PLACE_BEFORE.test(text.slice(Math.max(0, m.index - 30), m.index))) continue;
    const kept = name.slice(0, nameLength(name));
    if (kept.split(/[ \u00A0]+/u).length >= minWords && kept !== '') spans.push({ kind: 'name', start: at[0], end: at[0] + kept.length, text: kept });
  }
};

/**
 * Both patterns need two capitals (a title or a first name, then a capitalised surname): a text
 * with fewer has no name, and the long first-name alternation is not tried at every word.
 */
const TWO_CAPITALS = /\p{Lu}[^]*?\p{Lu}/u;

export const detectNames: Detector = (text) => {
  if (!TWO_CAPITALS.test(text)) return [];
  const spans: PiiSpan[] = [];
  collect(text, BY_TITLE, spans, 1);
  // A first name alone is not enough: « Marie Bonjour » must keep a surname once cut.
  collect(text, BY_FIRST_NAME, spans, 2);
  // Both patterns find « Mme Claire Dubois »: keep one span per position, in text order.
  const unique = new Map(spans.map((s) => [`${s.start}:${s.end}`, s]));
  return [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end);
};
