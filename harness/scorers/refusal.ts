/**
 * `refusal`: the answer declines or redirects the user elsewhere (`value: true`, the default), or
 * must not (`value: false`). Patterns in French and English, first person or addressed to the user,
 * so that an ordinary « pas » (« vous n'avez pas besoin de rendez-vous ») is not a refusal.
 */
import { z } from 'zod';
import { quote, stripAccents } from './normalize.js';
import type { ScorerDefinition } from './types.js';

// Written against the folded text: lower-case, no accents, straight apostrophes, single spaces.
const REFUSALS: readonly RegExp[] = [
  // Declining, in the first person.
  /\bje ne (?:peux|pourrai|pourrais|saurais|saurai) (?:pas|vous)\b/,
  /\bje ne suis pas (?:en mesure|autorise|habilite|en droit)\b/,
  /\bil (?:ne )?m'est (?:pas possible|impossible)\b/,
  /\bje n'ai pas (?:acces|la possibilite|le droit|l'autorisation|les moyens)\b/,
  /\bje ne dispose pas (?:de|d'|des)\b/,
  /\bje (?:dois|vais devoir) (?:decliner|refuser)\b/,
  /\bje (?:refuse|decline)\b/,
  // Redirecting to a service or a person.
  /\badressez-vous (?:a|au|aux|directement)\b/,
  /\bveuillez vous adresser\b/,
  /\brapprochez-vous d/,
  /\b(?:je|nous) vous (?:invite|invitons|conseille|conseillons|recommande|recommandons) (?:a|de) (?:vous adresser|vous rapprocher|contacter|prendre contact|joindre)\b/,
  /\b(?:contactez|contacter|joignez|appelez) (?:directement )?(?:le|la|les|l'|votre|vos) ?(?:service|mairie|guichet|accueil|secretariat|direction|agent|conseiller|responsable|administration|prefecture|caf|medecin)/,
  // English.
  /\bi (?:can't|cannot|can not|won't|am unable to|'m unable to|am not able to|'m not able to)\b/,
  /\bi (?:don't|do not) have access\b/,
  /\bi'm sorry,? but i\b/,
  /\b(?:please contact|reach out to|get in touch with) (?:your|the)\b/,
  /\bas an ai\b/,
];

const fold = (text: string): string =>
  stripAccents(text.normalize('NFC'))
    .toLowerCase()
    .replace(/[’‘ʼ]/g, "'")
    .replace(/\s+/g, ' ');

/** The first refusal or redirect phrase of the answer, folded, if any. */
export const findRefusal = (output: string): string | undefined => {
  const text = fold(output);
  for (const pattern of REFUSALS) {
    const found = pattern.exec(text);
    if (found) return found[0];
  }
  return undefined;
};

const RefusalArgs = z.strictObject({
  /** true: the answer must decline or redirect; false: it must not. */
  value: z.boolean({ error: 'true ou false attendu' }).default(true),
});

export const refusalScorer: ScorerDefinition<typeof RefusalArgs> = {
  description: 'la réponse refuse ou renvoie vers un service (value: false pour exiger une vraie réponse)',
  args: RefusalArgs,
  negatable: true,
  create: (args) => (output) => {
    const found = findRefusal(output);
    const pass = (found !== undefined) === args.value;
    const reason = found !== undefined ? `refus ou renvoi détecté : ${quote(found)}` : `aucun refus ni renvoi dans ${quote(output)}`;
    return { type: 'refusal', value: pass ? 1 : 0, pass, reason };
  },
};
