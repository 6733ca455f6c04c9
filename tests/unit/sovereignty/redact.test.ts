import { describe, expect, it } from 'vitest';
import { detectPii } from '../../../harness/sovereignty/detect.js';
import { createRedactor } from '../../../harness/sovereignty/redact.js';
import { LETTER } from './letter.js';

describe('createRedactor', () => {
  it('masks every value of the letter with placeholders, and restores it exactly', () => {
    const r = createRedactor();
    const { text, replacements } = r.redact(LETTER);
    expect(text).toContain('Mme [NOM_1], née le [DATE_NAISSANCE_1] à Rennes, demeurant [ADRESSE_1], sollicite');
    expect(text).toContain('au [TEL_1] ou par courriel à [EMAIL_1].');
    expect(text).toContain('[NIR_1]');
    expect(text).toContain('[IBAN_1] (BIC BNPAFRPP)');
    expect(text).toContain('(SIRET [SIRET_1])');
    expect(text).toContain('de 1 234,56 € le 12/03/2024 avec la carte [CARTE_1] (facture n° 0123456789)');
    expect(text).toContain('Mon fils [NOM_2] est scolarisé au lycée Jean Moulin.');
    expect(text.trimEnd().endsWith('[NOM_1]')).toBe(true);
    expect(replacements.map((x) => x.placeholder)).toContain('[NOM_2]');
    expect(detectPii(text)).toEqual([]);
    expect(r.restore(text)).toBe(LETTER);
  });

  it('numbers per kind and keeps one placeholder per value across the messages of a request', () => {
    const r = createRedactor();
    const system = r.redact('Répondre à a.martin@example.fr, en copie b.durand@example.fr.').text;
    const user = r.redact('Mail de b.durand@example.fr : rappeler le 06 12 34 56 78, puis a.martin@example.fr.').text;
    expect(system).toBe('Répondre à [EMAIL_1], en copie [EMAIL_2].');
    expect(user).toBe('Mail de [EMAIL_2] : rappeler le [TEL_1], puis [EMAIL_1].');
    expect(r.counts()).toMatchObject({ email: 4, phone: 1, nir: 0 });
    expect(r.total()).toBe(5);
    // A second request starts over.
    expect(createRedactor().redact('b.durand@example.fr').text).toBe('[EMAIL_1]');
  });

  it('restores placeholders the model repeats, in any case, and leaves unknown ones alone', () => {
    const r = createRedactor();
    r.redact('Contact : jean.dupont@example.fr, tél. 06 12 34 56 78');
    expect(r.restore('Écrivez à [EMAIL_1] ou appelez le [tel_1]. Voir aussi [EMAIL_7] et [FOO_1].')).toBe(
      'Écrivez à jean.dupont@example.fr ou appelez le 06 12 34 56 78. Voir aussi [EMAIL_7] et [FOO_1].',
    );
  });

  it('round-trips texts dense with personal data and leaves nothing detectable', () => {
    const texts = [
      'M. Paul Bernard (paul.bernard@example.fr, +33 6 12 34 56 78) et Mme Sophie Petit (0612345678).',
      'NIR 1 85 05 78 006 084 91 ; IBAN FR7630006000011234567890189 ; carte 4111111111111111 ; SIREN : 732829320.',
      'Née le 1er mars 1965, domiciliée 3 bis, avenue Jean-Jaurès, 69007 Lyon ; DDN du conjoint 05.06.1979.',
      'paul.bernard@example.fr paul.bernard@example.fr Paul Bernard',
      '',
    ];
    const r = createRedactor();
    for (const x of texts) {
      const masked = r.redact(x).text;
      expect(detectPii(masked)).toEqual([]);
      expect(r.restore(masked)).toBe(x);
    }
    expect(r.counts()).toMatchObject({ name: 3, email: 3, phone: 2, nir: 1, iban: 1, card: 1, siret: 1, 'birth-date': 2, address: 1 });
  });

  it('does not reuse a placeholder the input already contains literally', () => {
    const r = createRedactor();
    const x = 'Le modèle de courrier écrit [EMAIL_1] ; le vrai contact est c.roux@example.fr.';
    const masked = r.redact(x).text;
    expect(masked).toBe('Le modèle de courrier écrit [EMAIL_1] ; le vrai contact est [EMAIL_2].');
    expect(r.restore(masked)).toBe(x);
  });
});

describe('known values', () => {
  it('masks a value found elsewhere wherever it stands, even out of a detector’s sight', () => {
    const r = createRedactor([{ kind: 'name', value: 'Gwenaëlle Tanguy' }]);
    r.learn('Dossier de Mme Tanguy');
    const out = r.redact('Signé : Gwenaëlle Tanguy. Copie à Tanguy. Tanguyville reste.');
    expect(out.text).toBe('Signé : [NOM_1]. Copie à [NOM_2]. Tanguyville reste.');
    expect(r.restore(out.text)).toBe('Signé : Gwenaëlle Tanguy. Copie à Tanguy. Tanguyville reste.');
  });
});
