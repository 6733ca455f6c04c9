import { describe, expect, it } from 'vitest';
import { cardNumberValid, detectCards } from '../../../harness/sovereignty/pii/card.js';
import { luhnValid, modDecimal } from '../../../harness/sovereignty/pii/checksums.js';
import { detectIbans } from '../../../harness/sovereignty/pii/iban.js';
import { detectNirs, nirKey } from '../../../harness/sovereignty/pii/nir.js';
import { detectSirets, sirenOrSiretValid } from '../../../harness/sovereignty/pii/siret.js';
import type { Detector } from '../../../harness/sovereignty/pii/types.js';

const texts = (detect: Detector, text: string): string[] => detect(text).map((s) => s.text);

describe('checksums', () => {
  it('computes Luhn and long remainders', () => {
    expect(luhnValid('79927398713')).toBe(true); // the textbook Luhn example
    expect(luhnValid('79927398710')).toBe(false);
    expect(luhnValid('')).toBe(false);
    expect(modDecimal('1850578006084', 97)).toBe(1850578006084 % 97);
  });
});

describe('NIR', () => {
  it('computes the key as 97 − (13 digits mod 97), with Corsica read as 19 (2A) and 18 (2B)', () => {
    expect(nirKey('1850578006084')).toBe(91);
    expect(nirKey('169052A123045')).toBe(nirKey('1690519123045'));
    expect(nirKey('278092B045067')).toBe(nirKey('2780918045067'));
    expect(nirKey('169052A123045')).toBe(64);
  });

  it('finds grouped and contiguous numbers with a valid key, Corsica and provisional ones included', () => {
    expect(texts(detectNirs, 'N° SS : 1 85 05 78 006 084 91.')).toEqual(['1 85 05 78 006 084 91']);
    expect(texts(detectNirs, 'NIR 185057800608491')).toEqual(['185057800608491']);
    expect(texts(detectNirs, 'né en Corse : 1 69 05 2A 123 045 64')).toEqual(['1 69 05 2A 123 045 64']);
    expect(texts(detectNirs, '2 78 09 2B 045 067 42')).toEqual(['2 78 09 2B 045 067 42']);
    expect(texts(detectNirs, 'provisoire 7 99 01 99 123 456 24')).toEqual(['7 99 01 99 123 456 24']);
    expect(texts(detectNirs, 'numéro\u00a01\u00a085\u00a005\u00a078\u00a0006\u00a0084\u00a091')).toHaveLength(1);
  });

  it('refuses a wrong key, a wrong first digit, an impossible month, or a number inside a longer one', () => {
    expect(detectNirs('1 85 05 78 006 084 90')).toEqual([]);
    expect(detectNirs('1 69 05 2A 123 045 65')).toEqual([]);
    expect(detectNirs('5 85 05 78 006 084 91')).toEqual([]);
    expect(detectNirs(`1 85 13 78 006 084 ${nirKey('1851378006084')}`)).toEqual([]);
    expect(detectNirs('9185057800608491')).toEqual([]);
  });
});

describe('IBAN', () => {
  it('finds valid IBANs in groups of 4 or contiguous, French and foreign', () => {
    expect(texts(detectIbans, 'IBAN : FR76 3000 6000 0112 3456 7890 189, BIC BNPAFRPP')).toEqual(['FR76 3000 6000 0112 3456 7890 189']);
    expect(texts(detectIbans, 'iban FR7630006000011234567890189.')).toEqual(['FR7630006000011234567890189']);
    expect(texts(detectIbans, 'Compte DE89 3704 0044 0532 0130 00 et GB29 NWBK 6016 1331 9268 19')).toEqual([
      'DE89 3704 0044 0532 0130 00',
      'GB29 NWBK 6016 1331 9268 19',
    ]);
  });

  it('stops before a following word in capitals', () => {
    expect(texts(detectIbans, 'FR14 2004 1010 0505 0001 3M02 606 BNPA FRPP')).toEqual(['FR14 2004 1010 0505 0001 3M02 606']);
  });

  it('refuses a wrong check digit or a wrong French RIB key', () => {
    expect(detectIbans('FR77 3000 6000 0112 3456 7890 189')).toEqual([]);
    expect(detectIbans('FR76 3000 6000 0112 3456 7890 188')).toEqual([]);
    expect(detectIbans('Réf. AB12 3456 7890 1234')).toEqual([]);
  });
});

describe('SIREN / SIRET', () => {
  it('validates with Luhn, and La Poste by the sum of digits', () => {
    expect(sirenOrSiretValid('732829320')).toBe(true);
    expect(sirenOrSiretValid('73282932000074')).toBe(true);
    expect(sirenOrSiretValid('73282932000075')).toBe(false);
    // La Poste (SIREN 356 000 000): sum of digits multiple of 5, Luhn not required…
    expect(sirenOrSiretValid('35600000000001')).toBe(true);
    // …and not sufficient either: this one passes Luhn but its digits sum to 19.
    expect(sirenOrSiretValid('35600000000014')).toBe(false);
  });

  it('finds a SIRET written in its grouping, and either form after a keyword', () => {
    expect(texts(detectSirets, 'Établissement 732 829 320 00074')).toEqual(['732 829 320 00074']);
    expect(texts(detectSirets, 'SIREN : 732829320')).toEqual(['732829320']);
    expect(texts(detectSirets, 'SIRET n° 73282932000074')).toEqual(['73282932000074']);
    expect(texts(detectSirets, 'RCS Paris 552 100 554')).toEqual(['552 100 554']);
    expect(texts(detectSirets, 'La Poste, SIRET 356 000 000 00001')).toEqual(['356 000 000 00001']);
  });

  it('ignores bare numbers, amounts and wrong keys', () => {
    expect(detectSirets('Dossier 73282932000074')).toEqual([]);
    expect(detectSirets('commande 732829320')).toEqual([]);
    expect(detectSirets('SIREN 552 100 555')).toEqual([]);
    expect(detectSirets('SIRET 732 829 320 00075')).toEqual([]);
    expect(detectSirets('budget SIREN : 552 100 554 €')).toEqual([]);
  });
});

describe('payment cards', () => {
  it('needs a known issuer prefix, a card length and a valid Luhn digit', () => {
    expect(cardNumberValid('4111111111111111')).toBe(true);
    expect(cardNumberValid('4111111111111112')).toBe(false);
    expect(cardNumberValid('5555555555554444')).toBe(true);
    expect(cardNumberValid('378282246310005')).toBe(true);
    expect(cardNumberValid('1234567897')).toBe(false); // Luhn-valid, but neither a prefix nor a length
    expect(cardNumberValid('9111111111111114')).toBe(false);
  });

  it('finds grouped and contiguous numbers, stopping before a trailing group', () => {
    expect(texts(detectCards, 'carte 4970 1012 3456 7893 exp 12/27')).toEqual(['4970 1012 3456 7893']);
    expect(texts(detectCards, 'CB 5555-5555-5555-4444.')).toEqual(['5555-5555-5555-4444']);
    expect(texts(detectCards, 'Amex 3782 822463 10005')).toEqual(['3782 822463 10005']);
    expect(texts(detectCards, '4111111111111111')).toEqual(['4111111111111111']);
    expect(texts(detectCards, '4111 1111 1111 1111 2025')).toEqual(['4111 1111 1111 1111']);
  });

  it('ignores wrong keys and long references', () => {
    expect(detectCards('4970 1012 3456 7890')).toEqual([]);
    expect(detectCards('Commande 2024 0000 1234 5678')).toEqual([]);
    expect(detectCards('ref 41111111111111110')).toEqual([]);
  });
});
