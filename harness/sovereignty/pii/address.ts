/**
 * Postal addresses by street-type heuristics: a house number (with bis/ter), a street type from
 * the usual French list, then a name that starts with a capital (after optional particles « de la
 * », « du », « des »…), optionally followed by a 5-digit postcode and a town. Without a number
 * (« place de la Mairie »), a street names a public place, not someone's home, and is left.
 */
import { type Detector } from './types.js';

const STREET_TYPES = [
  'rue', 'avenue', 'av\\.', 'boulevard', 'bd', 'bld', 'place', 'pl\\.', 'allée', 'allées', 'impasse', 'chemin', 'quai', 'square',
  'route', 'rte', 'cours', 'voie', 'passage', 'sentier', 'esplanade', 'parvis', 'rond-point', 'cité', 'résidence', 'lotissement',
  'hameau', 'faubourg', 'promenade', 'mail', 'villa', 'ruelle', 'montée', 'traverse', 'chaussée', 'domaine', 'lieu-dit',
];
/** Lower case, Capitalised and UPPER CASE forms: JavaScript has no inline case-insensitive group. */
const TYPE = `(?:${STREET_TYPES.flatMap((t) => [t, t.charAt(0).toUpperCase() + t.slice(1), t.toUpperCase()]).join('|')})`;

const PARTICLE = String.raw`(?:de[ \u00A0]+la|de[ \u00A0]+l['’]|des|du|de|d['’]|la|le|les|l['’]|aux|au|et|sur|en|sous|lès)`;
const H = String.raw`[ \t\u00A0\u202F]`;
/** A title starts a person's name, not more of the street's (« 12 rue Hugo et Mme Martin »). */
const NOT_TITLE = String.raw`(?!(?:Mme|Mlle|Monsieur|Madame|Docteur|Maître)(?!\p{L}))`;
const WORD = String.raw`(?:${NOT_TITLE}\p{Lu}[\p{L}'’\-]*|\d{1,2}(?:er|e)?(?=[ \u00A0]+\p{Lu}))`;
/** Name: a capitalised word, then more words or particles, at most eight. */
const NAME = String.raw`(?:${PARTICLE}${H}*)?${WORD}(?:(?:${H}|-)+(?:${PARTICLE}${H}*)?${WORD}){0,7}`;
const NUMBER = String.raw`\d{1,4}(?:[ \u00A0]?(?:bis|ter|quater|[A-D]))?`;
const POSTCODE_TOWN = String.raw`(?:,?\s+\d{5}\s+\p{Lu}[\p{L}'’\-]*(?:(?:${H}|-)+(?:${PARTICLE}${H}*)?\p{Lu}[\p{L}'’\-]*){0,3}(?:${H}+(?:cedex|CEDEX|Cedex)(?:${H}+\d{1,2})?)?)?`;

const ADDRESS = new RegExp(String.raw`(?<![\p{L}\p{N}])${NUMBER},?${H}+${TYPE}${H}+${NAME}${POSTCODE_TOWN}`, 'gu');

export const detectAddresses: Detector = (text) =>
  [...text.matchAll(ADDRESS)].map((m) => ({ kind: 'address' as const, start: m.index, end: m.index + m[0].length, text: m[0] }));
