/**
 * Shapes shared by the PII detectors: a detector is a pure function from a text to the spans it is
 * confident about. Kinds are code identifiers; `PII_TAGS` and `PII_LABELS_FR` are what people see.
 */

export const PII_KINDS = ['email', 'phone', 'nir', 'iban', 'siret', 'card', 'id-card', 'passport', 'birth-date', 'address', 'name'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

/** One detected value. `start`/`end` are UTF-16 offsets into the scanned text (`end` exclusive). */
export type PiiSpan = { kind: PiiKind; start: number; end: number; text: string };

export type Detector = (text: string) => PiiSpan[];

/** Placeholder stems, in French because models and reviewers read them: `[TEL_1]`. */
export const PII_TAGS: Record<PiiKind, string> = {
  email: 'EMAIL',
  phone: 'TEL',
  nir: 'NIR',
  iban: 'IBAN',
  siret: 'SIRET',
  card: 'CARTE',
  'id-card': 'CNI',
  passport: 'PASSEPORT',
  'birth-date': 'DATE_NAISSANCE',
  address: 'ADRESSE',
  name: 'NOM',
};

/** Words for reasons and reports. */
export const PII_LABELS_FR: Record<PiiKind, string> = {
  email: 'e-mail',
  phone: 'téléphone',
  nir: 'n° de sécurité sociale',
  iban: 'IBAN',
  siret: 'SIREN/SIRET',
  card: 'carte bancaire',
  'id-card': 'n° de carte d’identité',
  passport: 'n° de passeport',
  'birth-date': 'date de naissance',
  address: 'adresse postale',
  name: 'nom de personne',
};

/** A span of `text` between two offsets, its `text` sliced from the source so it always matches. */
export const span = (kind: PiiKind, text: string, start: number, end: number): PiiSpan => ({ kind, start, end, text: text.slice(start, end) });

/**
 * Characters that separate digit groups in French writing: space, no-break space (U+00A0) and
 * narrow no-break space (U+202F), which word processors insert in numbers.
 */
export const GROUP_SPACE = '[ \\u00A0\\u202F]';

/**
 * What may stand between two digit groups of an identifier once the text is normalised (see
 * normalize.ts): one to three spaces, a dot, a hyphen or a slash (with a space on either side),
 * or a line break (a number cut by a word processor or a form). Checksums, not the separator,
 * keep ordinary numbers out.
 */
export const DIGIT_SEP = `(?:${GROUP_SPACE}{1,3}|${GROUP_SPACE}?[.\\-/]${GROUP_SPACE}?|${GROUP_SPACE}*\\r?\\n${GROUP_SPACE}*)`;

/** Regex edges (with the `u` flag): no letter or digit may touch a match, or it is part of a longer token. */
export const EDGE_BEFORE = '(?<![\\p{L}\\p{N}])';
export const EDGE_AFTER = '(?![\\p{L}\\p{N}])';
