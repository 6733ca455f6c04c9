import { describe, expect, it } from 'vitest';
import { detectAddresses } from '../../../harness/sovereignty/pii/address.js';
import { detectBirthDates, parseFrenchDate } from '../../../harness/sovereignty/pii/birth-date.js';
import { detectEmails } from '../../../harness/sovereignty/pii/email.js';
import { detectNames } from '../../../harness/sovereignty/pii/name.js';
import { detectPhones } from '../../../harness/sovereignty/pii/phone.js';
import type { Detector } from '../../../harness/sovereignty/pii/types.js';

const texts = (detect: Detector, text: string): string[] => detect(text).map((s) => s.text);

describe('e-mail', () => {
  it('finds addresses with dots, plus signs, accents and sub-domains, with exact offsets', () => {
    const text = 'Écrire à jean.dupont+mairie@ville-exemple.fr ou à hélène@mairie.paris.fr.';
    expect(texts(detectEmails, text)).toEqual(['jean.dupont+mairie@ville-exemple.fr', 'hélène@mairie.paris.fr']);
    const [first] = detectEmails(text);
    expect(text.slice(first?.start, first?.end)).toBe('jean.dupont+mairie@ville-exemple.fr');
  });

  it('ignores handles, unfinished domains and numbers', () => {
    expect(detectEmails('@mairie sur les réseaux, contact@localhost, 3@4.5, a@b.c')).toEqual([]);
  });
});

describe('phone numbers', () => {
  it('finds the usual French writings and international ones', () => {
    expect(texts(detectPhones, 'Tél. 06 12 34 56 78, +33 6 12 34 56 78, 01.23.45.67.89')).toEqual(['06 12 34 56 78', '+33 6 12 34 56 78', '01.23.45.67.89']);
    expect(texts(detectPhones, 'Standard : +33 (0)1 23 45 67 89 ; 0033 6 12 34 56 78 ; portable 0612345678')).toEqual([
      '+33 (0)1 23 45 67 89',
      '0033 6 12 34 56 78',
      '0612345678',
    ]);
    expect(texts(detectPhones, 'London office +44 20 7946 0958')).toEqual(['+44 20 7946 0958']);
  });

  it('ignores amounts, dates, identifiers and service numbers', () => {
    expect(detectPhones('Montant : 1 234,56 € réglé le 12/03/2024, soit 123 456 789 € au budget.')).toEqual([]);
    expect(detectPhones('Séance du 12.03.2024 à 10h30.')).toEqual([]);
    expect(detectPhones('Facture n° 0123456789 du 01/02/2023 ; réf. 0612345678')).toEqual([]);
    expect(detectPhones('Appel gratuit au 0800 123 456 ou au 3939.')).toEqual([]);
  });

  it('keeps a phone announced as such even after « n° »', () => {
    expect(texts(detectPhones, 'Tél. n° 0612345678')).toEqual(['0612345678']);
  });
});

describe('birth dates', () => {
  it('finds a date near « né(e) le », « date de naissance » or « DDN », and only the date', () => {
    expect(texts(detectBirthDates, 'Mme Durand, née le 14/07/1982 à Rennes')).toEqual(['14/07/1982']);
    expect(texts(detectBirthDates, 'Né le 1er mars 1965 à Brest')).toEqual(['1er mars 1965']);
    expect(texts(detectBirthDates, 'né(e) le : 03-02-85')).toEqual(['03-02-85']);
    expect(texts(detectBirthDates, 'Date de naissance : 1990-11-30')).toEqual(['1990-11-30']);
    expect(texts(detectBirthDates, 'DDN 05.06.1979')).toEqual(['05.06.1979']);
    expect(texts(detectBirthDates, 'née à Saint-Malo (35) le 2 décembre 1954')).toEqual(['2 décembre 1954']);
  });

  it('ignores other dates, far or impossible ones', () => {
    expect(detectBirthDates('Le contrat a été signé le 12 mars 2024 et la facture émise le 14/07/2024.')).toEqual([]);
    expect(detectBirthDates('Il est né à Brest. Le 12/03/2024, il a déposé un dossier.')).toEqual([]);
    expect(detectBirthDates('née le 31/13/1982')).toEqual([]);
    expect(detectBirthDates('Renée le 14/07/1982 a écrit')).toEqual([]);
  });

  it('parses each written form', () => {
    expect(parseFrenchDate('1er août 1999')).toEqual({ day: 1, month: 8, year: 1999 });
    expect(parseFrenchDate('12 fevrier 2001')).toEqual({ day: 12, month: 2, year: 2001 });
    expect(parseFrenchDate('32/01/2000')).toBeUndefined();
  });
});

describe('postal addresses', () => {
  it('finds a number, a street type and a name, with postcode and town when present', () => {
    expect(texts(detectAddresses, 'domicilié 12 rue de la République 35000 Rennes.')).toEqual(['12 rue de la République 35000 Rennes']);
    expect(texts(detectAddresses, 'au 3 bis, avenue Jean-Jaurès, 69007 Lyon')).toEqual(['3 bis, avenue Jean-Jaurès, 69007 Lyon']);
    expect(texts(detectAddresses, '45 BOULEVARD SAINT-MICHEL')).toEqual(['45 BOULEVARD SAINT-MICHEL']);
    expect(texts(detectAddresses, '8 allée des Tilleuls\n44000 Nantes')).toEqual(['8 allée des Tilleuls\n44000 Nantes']);
    expect(texts(detectAddresses, '1 place de l’Hôtel de Ville')).toEqual(['1 place de l’Hôtel de Ville']);
    expect(texts(detectAddresses, '10 rue du 8 Mai 1945')).toEqual(['10 rue du 8 Mai']);
  });

  it('ignores counts and streets without a number, and stops before a title', () => {
    expect(detectAddresses('Il reste 12 places de parking et 3 rues fermées ; la rue de la Paix est en travaux.')).toEqual([]);
    expect(detectAddresses('Il reste 12 place de parking.')).toEqual([]);
    expect(texts(detectAddresses, '5 rue Victor Hugo et Mme Martin')).toEqual(['5 rue Victor Hugo']);
  });
});

describe('person names', () => {
  it('finds a name after a title, without the title', () => {
    expect(texts(detectNames, 'Mme Claire Dubois et M. Lefèvre ont signé ; le Dr Martin aussi.')).toEqual(['Claire Dubois', 'Lefèvre', 'Martin']);
    expect(texts(detectNames, 'Monsieur DURAND, Madame de La Fontaine, Mme Le Gall')).toEqual(['DURAND', 'de La Fontaine', 'Le Gall']);
  });

  it('finds a common first name followed by a surname', () => {
    expect(texts(detectNames, 'Dossier suivi par Jean Dupont et Marie-Claire Martin.')).toEqual(['Jean Dupont', 'Marie-Claire Martin']);
    expect(texts(detectNames, 'Contact : Helene Moreau, Stéphane LEROY')).toEqual(['Helene Moreau', 'Stéphane LEROY']);
  });

  it('ignores roles, greetings, places named after people and lone words', () => {
    expect(detectNames('Monsieur le Maire, Madame la Directrice, Madame, Monsieur,')).toEqual([]);
    expect(detectNames('Monsieur Le Maire a reçu Madame La Présidente.')).toEqual([]);
    expect(detectNames('au lycée Jean Moulin, rue Victor Hugo, à la Fondation Jean Jaurès, rue du Docteur Roux')).toEqual([]);
    expect(detectNames('Bonjour Marie, Dupont a signé. Pierre Le')).toEqual([]);
    expect(texts(detectNames, 'Mme Durand Bonjour')).toEqual(['Durand']);
  });
});
