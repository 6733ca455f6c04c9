/**
 * PII written the way people (and people dodging a filter) really write it: separators, full-width
 * forms, odd spaces, disguised e-mail addresses, abbreviated birth dates, identity documents. Each
 * positive is found whole, as written, and masked whole; each look-alike negative (an ordinary
 * number, an order number, an amount, a postcode, a date that is not a birth date, a number with a
 * wrong checksum) is left alone.
 *
 * Checksums of the values used (checked in the first test):
 * NIR 1 85 05 78 006 084 → key 91; 2 69 05 49 588 157 → key 80 (97 − n mod 97);
 * IBAN FR76 3000 6000 0112 3456 7890 189, DE89 3704 0044 0532 0130 00, GB29 NWBK 6016 1331 9268 19 (mod 97 = 1);
 * cards 4970 1012 3456 7893 (Visa), 5555 5555 5555 4444 (Mastercard test number), 3782 822463 10005 (Amex test number) (Luhn);
 * SIREN 123 456 782, 732 829 320; SIRET 732 829 320 00074, 123 456 782 00002 (Luhn).
 */
import { isValidIBAN } from 'ibantools';
import { describe, expect, it } from 'vitest';
import { detectPii, type PiiKind } from '../../../harness/sovereignty/detect.js';
import { luhnValid } from '../../../harness/sovereignty/pii/checksums.js';
import { nirKey } from '../../../harness/sovereignty/pii/nir.js';
import { normalizeForDetection } from '../../../harness/sovereignty/pii/normalize.js';
import { createRedactor } from '../../../harness/sovereignty/redact.js';

const THIN = '\u2009';
const NNBSP = '\u202f';
const NBSP = '\u00a0';
const ZWSP = '\u200b';
const SHY = '\u00ad';
/** Full-width forms of ASCII (U+FF01–U+FF5E), as an Asian input method or a hostile contributor types them. */
const fullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));

/** [what, text before, the value as written, text after, kind] */
const POSITIVES: [string, string, string, string, PiiKind][] = [
  // NIR
  ['NIR with dots', 'N° de sécu : ', '1.85.05.78.006.084.91', '.', 'nir'],
  ['NIR with dashes', 'NIR ', '1-85-05-78-006-084-91', ', merci', 'nir'],
  ['NIR with thin spaces', 'NIR ', ['1', '85', '05', '78', '006', '084', '91'].join(THIN), '', 'nir'],
  ['NIR with narrow no-break spaces', 'sécurité sociale ', ['2', '69', '05', '49', '588', '157', '80'].join(NNBSP), '', 'nir'],
  ['NIR with double spaces', 'NIR ', '1  85  05  78  006  084  91', ' (copie)', 'nir'],
  ['NIR with no-break spaces and a zero-width space', 'NIR ', `1${NBSP}85${NBSP}05${ZWSP}78${NBSP}006${NBSP}084${NBSP}91`, '', 'nir'],
  ['NIR in full-width digits', 'NIR ', fullWidth('185057800608491'), '', 'nir'],
  ['NIR with a soft hyphen inside', 'NIR ', `18505780${SHY}0608491`, '', 'nir'],
  ['NIR in Arabic-Indic digits', 'NIR ', '١٨٥٠٥٧٨٠٠٦٠٨٤٩١', '', 'nir'],
  // IBAN
  ['IBAN with dashes', 'IBAN ', 'FR76-3000-6000-0112-3456-7890-189', '', 'iban'],
  ['IBAN with dots', 'IBAN : ', 'FR76.3000.6000.0112.3456.7890.189', '.', 'iban'],
  ['IBAN cut by a line break', 'Coordonnées bancaires :\n', 'FR76 3000 6000 0112\n3456 7890 189', '\nMerci', 'iban'],
  ['IBAN in lower case', 'iban ', 'fr76 3000 6000 0112 3456 7890 189', '', 'iban'],
  ['IBAN in lower case, contiguous', 'compte ', 'gb29nwbk60161331926819', '', 'iban'],
  ['IBAN with a CRLF and double spaces', 'IBAN ', 'DE89  3704  0044\r\n0532  0130  00', '', 'iban'],
  ['IBAN in full-width', 'IBAN ', fullWidth('FR7630006000011234567890189'), '', 'iban'],
  // Phones
  ['phone with slashes', 'Tél. ', '06/12/34/56/78', '', 'phone'],
  ['phone +33 (0)6', 'Appelez le ', '+33 (0)6 12 34 56 78', '.', 'phone'],
  ['phone 0033', 'joignable au ', '0033 6 12 34 56 78', '', 'phone'],
  ['phone 00 33', 'portable ', '00 33 6 12 34 56 78', '', 'phone'],
  ['phone with dots', 'tél ', '06.12.34.56.78', '', 'phone'],
  ['phone with dashes', 'tel ', '06-12-34-56-78', '', 'phone'],
  ['phone in full-width digits', 'tél ', fullWidth('06 12 34 56 78'), '', 'phone'],
  ['phone with thin spaces', 'tél ', ['06', '12', '34', '56', '78'].join(THIN), '', 'phone'],
  ['phone with a zero-width space', 'mobile ', `0612${ZWSP}345678`, '', 'phone'],
  ['phone in Devanagari digits', 'mobile ', '०६ १२ ३४ ५६ ७८', '', 'phone'],
  ['phone in mathematical bold digits', 'tél ', '𝟎𝟔 𝟏𝟐 𝟑𝟒 𝟓𝟔 𝟕𝟖', '', 'phone'],
  ['landline with +33.1', 'standard ', '+33.1.42.76.40.40', '', 'phone'],
  // E-mail
  ['e-mail with [at]', 'Écrire à ', 'jean.dupont[at]exemple.fr', '.', 'email'],
  ['e-mail with (at) and spaces', 'Écrire à ', 'jean.dupont (at) exemple.fr', '', 'email'],
  ['e-mail with " at "', 'contact : ', 'jean.dupont at exemple.fr', '', 'email'],
  ['e-mail with " arobase "', 'adresse ', 'marie arobase mairie-exemple.fr', '', 'email'],
  ['e-mail with [at] and [dot]', 'mail ', 'jean.dupont [at] mairie [dot] fr', '', 'email'],
  ['e-mail with (at) and (point)', 'mail ', 'j.dupont(at)ville-exemple(point)fr', '', 'email'],
  ['e-mail with " at " and " dot "', 'mail ', 'jdupont at exemple dot com', '', 'email'],
  ['e-mail with a full-width at sign', 'mail ', 'jean.dupont＠exemple.fr', '', 'email'],
  ['e-mail all in full-width', 'mail ', fullWidth('jean.dupont@exemple.fr'), '', 'email'],
  ['e-mail with {AT} in capitals', 'mail ', 'JEAN{AT}EXEMPLE.FR', '', 'email'],
  ['e-mail with spaces around @', 'mail ', 'jean.dupont @ exemple.fr', '', 'email'],
  // Cards, SIREN/SIRET
  ['card with dots', 'CB ', '4970.1012.3456.7893', '', 'card'],
  ['card with slashes', 'carte ', '5555/5555/5555/4444', '', 'card'],
  ['card with double spaces', 'carte ', '4970  1012  3456  7893', '', 'card'],
  ['card in full-width digits', 'carte ', fullWidth('4970101234567893'), '', 'card'],
  ['Amex grouped 4-6-5 with dashes', 'Amex ', '3782-822463-10005', '', 'card'],
  ['SIRET with dots', 'SIRET ', '732.829.320.00074', '', 'siret'],
  ['SIRET with dashes', 'SIRET : ', '732-829-320-00074', '', 'siret'],
  ['SIRET grouped with dots, no keyword', 'Établissement ', '123.456.782.00002', '', 'siret'],
  ['SIREN with dots', 'SIREN ', '123.456.782', '', 'siret'],
  ['SIREN with thin spaces', 'RCS Paris ', ['732', '829', '320'].join(THIN), '', 'siret'],
  // Birth dates
  ['née le 12 mars 61', 'L’usagère, née le ', '12 mars 61', ', demande…', 'birth-date'],
  ['né le 3/4/1961', 'Il est né le ', '3/4/1961', ' à Brest.', 'birth-date'],
  ['né le 3 fév. 1961', 'né le ', '3 fév. 1961', '', 'birth-date'],
  ['née le 1er sept 1961', 'née le ', '1er sept 1961', '', 'birth-date'],
  ['née le 1ᵉʳ mars 1961 (superscript)', 'née le ', '1ᵉʳ mars 1961', '', 'birth-date'],
  ['date de naissance in full-width digits', 'date de naissance : ', fullWidth('12/03/1961'), '', 'birth-date'],
  ['né(e) le 12.03.61', 'né(e) le ', '12.03.61', '', 'birth-date'],
  // Identity documents
  ['old CNI number', 'CNI n° ', '880692310285', '', 'id-card'],
  ['old CNI number, Corsica', 'carte nationale d’identité n° ', '0307 2A0 12345', '', 'id-card'],
  ['new CNI number', 'Carte d’identité : ', 'X4RTBPFW4', '', 'id-card'],
  ['new CNI number, lower case', 'pièce d’identité ', 'x4rtbpfw4', '', 'id-card'],
  ['passport number', 'Passeport n° ', '12AB34567', '', 'passport'],
  ['passport number, spaced', 'passeport : ', '12 AB 34567', '', 'passport'],
  ['passport number after « pièce d’identité »', 'pièce d’identité (passeport) ', '09FD12345', '', 'passport'],
  ['passport number in full-width', 'passeport ', fullWidth('12AB34567'), '', 'passport'],
];

/** Ordinary text a city administration writes, that holds no personal value. */
const NEGATIVES: [string, string][] = [
  ['a plain count', 'La médiathèque a reçu 123 456 789 visiteurs.'],
  ['an amount with dots', 'Montant : 12.345.678,90 EUR.'],
  ['an amount with spaces and a currency', 'Budget 2024 : 1 234 567 890 123 €.'],
  ['a negative amount', 'Solde : -1 234,56 € au 31/12/2024.'],
  ['postcodes', 'Bureaux : 75001 Paris, 13008 Marseille, 69003 Lyon.'],
  ['an order number', 'Commande n° 0612345678 expédiée.'],
  ['an invoice number with a landline’s digits', 'Facture n° 0145678912 du 12/03/2024, dossier FAC-2024-061234.'],
  ['an order reference in the passport shape, no keyword', 'Référence commande 12AB34567.'],
  ['a file number in the old CNI shape, no keyword', 'Dossier n° 880692310285 clos.'],
  ['a reference in the new CNI shape, no keyword', 'Ticket X4RTBPFW4 ouvert.'],
  ['a NIR with a wrong key, dotted', 'NIR 1.85.05.78.006.084.90'],
  ['a NIR with a wrong key, dashed', 'NIR 1-85-05-78-006-084-92'],
  ['an IBAN with a wrong check, dashed', 'IBAN FR76-3000-6000-0112-3456-7890-188'],
  ['an IBAN with a wrong check, lower case', 'iban fr77 3000 6000 0112 3456 7890 189'],
  ['a card with a wrong Luhn digit, dotted', 'CB 4970.1012.3456.7894'],
  ['a SIRET with a wrong Luhn digit, dotted', 'SIRET 732.829.320.00075'],
  ['a SIREN with a wrong Luhn digit, dashed', 'SIREN 123-456-789'],
  ['a grouped 14-digit number failing Luhn', 'Lot 123.456.789.00012 livré.'],
  ['a date that is not a birth date', 'Réunion le 3/4/2024 ; contrat signé le 12 mars 61 ; livré le 12.03.2024.'],
  ['a date alone', 'Le 12/03/1985, la mairie a voté.'],
  ['a time and a version', 'Ouverture à 08:30, logiciel v1.2.3, arrêté 2024-123.'],
  ['a meeting point, not an e-mail', 'Rendez-vous at the point 3 près de la gare.'],
  ['an English sentence with at', 'The meeting is at noon in room 12.'],
  ['a bracketed at without a domain', 'Voir [at] la page suivante.'],
  ['a service number', 'Appelez le 3939 ou le 0 800 123 456.'],
  ['an ISBN', 'ISBN 978-2-07-036822-8.'],
  ['a CNI keyword then a word', 'Carte d’identité demandée au guichet.'],
  ['a passport keyword then a year', 'Passeport valable jusqu’en 2030.'],
  ['a percentage and a ratio', 'Taux 12,5 % ; 3/4 des agents ; 1/2/3 classement.'],
  ['full-width text without values', `${fullWidth('Bonjour, le service ouvre a 9h.')}`],
  ['Arabic-Indic digits of an ordinary count', 'عدد الزوار ١٢٣٤٥٦٧٨٩ زائر'],
  ['an at sign alone', 'Tarif @ 12 € la place, voir @mairie sur le réseau.'],
];

describe('checksums of the table', () => {
  it('uses values whose checksums hold (and negatives whose checksums fail)', () => {
    expect(nirKey('1850578006084')).toBe(91);
    expect(nirKey('2690549588157')).toBe(80);
    for (const iban of ['FR7630006000011234567890189', 'DE89370400440532013000', 'GB29NWBK60161331926819']) expect(isValidIBAN(iban)).toBe(true);
    expect(isValidIBAN('FR7630006000011234567890188')).toBe(false);
    for (const n of ['4970101234567893', '5555555555554444', '378282246310005', '73282932000074', '12345678200002', '123456782', '732829320']) expect(luhnValid(n), n).toBe(true);
    for (const n of ['4970101234567894', '73282932000075', '123456789', '12345678900012']) expect(luhnValid(n), n).toBe(false);
  });
});

describe('PII variants are found whole, as written', () => {
  it.each(POSITIVES)('%s', (_what, before, value, after, kind) => {
    const text = `${before}${value}${after}`;
    const found = detectPii(text);
    expect(found, JSON.stringify(text)).toEqual([{ kind, start: before.length, end: before.length + value.length, text: value }]);
  });
});

describe('look-alikes are left alone', () => {
  it.each(NEGATIVES)('%s', (_what, text) => {
    expect(detectPii(text)).toEqual([]);
  });
});

describe('masking round trip', () => {
  it.each(POSITIVES)('%s: masked whole, no fragment left, restored exactly', (_what, before, value, after) => {
    const text = `${before}${value}${after}`;
    const redactor = createRedactor();
    const { text: masked, replacements } = redactor.redact(text);
    expect(replacements).toHaveLength(1);
    const placeholder = replacements[0]!.placeholder;
    // The value is replaced exactly where it was written: nothing of it before or after the placeholder.
    expect(masked).toBe(`${before}${placeholder}${after}`);
    // And nothing of it anywhere, even once normalised: no 3 characters in a row of its letters and digits.
    const core = normalizeForDetection(value).text.replace(/[^\p{L}\p{N}]/gu, '');
    const flat = normalizeForDetection(masked).text.replace(/[^\p{L}\p{N}]/gu, '');
    const context = normalizeForDetection(`${before} ${after}`).text.replace(/[^\p{L}\p{N}]/gu, '');
    for (let i = 0; i + 3 <= core.length; i++) {
      const piece = core.slice(i, i + 3);
      if (!context.includes(piece) && !placeholder.replace(/[^\p{L}\p{N}]/gu, '').includes(piece)) expect(flat, piece).not.toContain(piece);
    }
    expect(redactor.restore(masked)).toBe(text);
    // The model answers with the placeholder: the original value comes back, as written.
    expect(redactor.restore(`Réponse : ${placeholder.toLowerCase()}`)).toBe(`Réponse : ${value}`);
  });

  it('masks every variant of a letter in one go and restores it byte for byte', () => {
    const letter = POSITIVES.map(([, before, value, after]) => `${before}${value}${after}`).join('\n\n');
    const redactor = createRedactor();
    const { text: masked, replacements } = redactor.redact(letter);
    expect(replacements.length).toBeGreaterThanOrEqual(POSITIVES.length - 2); // a repeated value shares its placeholder
    for (const [, , value] of POSITIVES) expect(masked).not.toContain(value);
    expect(detectPii(masked)).toEqual([]);
    expect(redactor.restore(masked)).toBe(letter);
  });
});

describe('normalizeForDetection', () => {
  it('maps normalised offsets back to the text as written', () => {
    const text = `a${ZWSP}０６é\u0301 b`;
    const n = normalizeForDetection(text);
    expect(n.text).toBe('a06é\u0301 b'.normalize('NFKC'));
    const at = n.text.indexOf('06');
    expect(n.toOriginal(at, at + 2)).toEqual([2, 4]);
    expect(normalizeForDetection('plain text').toOriginal(2, 5)).toEqual([2, 5]);
  });
});
