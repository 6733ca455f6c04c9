import { describe, expect, it } from 'vitest';
import { problems, score } from './helpers.js';

const SCHEMA = {
  type: 'object',
  required: ['service', 'montant'],
  additionalProperties: false,
  properties: { service: { type: 'string' }, montant: { type: 'number', minimum: 0 } },
};

describe('json-schema', () => {
  it('passes JSON valid against the schema, bare or in one fence', async () => {
    expect(await score({ type: 'json-schema', value: SCHEMA }, '{"service": "état civil", "montant": 12.5}')).toEqual({
      type: 'json-schema', value: 1, pass: true, reason: 'JSON valide et conforme au schéma',
    });
    expect((await score({ type: 'json-schema', value: SCHEMA }, '```json\n{"service": "x", "montant": 0}\n```')).pass).toBe(true);
  });

  it('fails invalid JSON and non-conforming JSON with French reasons', async () => {
    const broken = await score({ type: 'json-schema', value: SCHEMA }, 'Voici : {"service": "x"}');
    expect(broken).toMatchObject({ type: 'json-schema', value: 0, pass: false });
    expect(broken.reason).toMatch(/^JSON invalide : /);
    const off = await score({ type: 'json-schema', value: SCHEMA }, '{"service": "x", "montant": -1, "autre": 1}');
    expect(off).toMatchObject({ value: 0, pass: false });
    expect(off.reason).toBe('JSON non conforme au schéma : racine : champ non prévu « autre » ; montant : doit être >= 0');
  });

  it('requires a valid schema when the suite is loaded', () => {
    expect(problems({ type: 'json-schema' })).toEqual([{ path: 'value', message: 'champ obligatoire manquant (schéma JSON attendu (objet))' }]);
    const misspelt = problems({ type: 'json-schema', value: { type: 'object', requried: ['a'] } });
    expect(misspelt).toHaveLength(1);
    expect(misspelt[0]!.path).toBe('value');
    expect(misspelt[0]!.message).toMatch(/^schéma JSON invalide : .*requried/);
    expect(problems({ type: 'json-schema', value: { type: 'objet' } })[0]!.message).toMatch(/^schéma JSON invalide/);
    expect(problems({ type: 'json-schema', value: SCHEMA, strict: true })[0]!.message).toMatch(/champ inconnu/);
  });

  it('has a not- form', async () => {
    expect(await score({ type: 'not-json-schema', value: SCHEMA }, '{}')).toMatchObject({ type: 'not-json-schema', value: 1, pass: true });
  });
});

const INVOICE = {
  fournisseur: 'Électricité de France',
  montant: 1234.5,
  date: '2026-03-05',
  adresse: { ville: 'Besançon', codePostal: '25000' },
  lignes: [{ libelle: 'Abonnement', montant: 30 }],
};

describe('json-fields', () => {
  it('accepts French numbers, dates and loosely written text field by field', async () => {
    const output = JSON.stringify({
      fournisseur: '  électricité DE   france ',
      montant: '1 234,50 €',
      date: '5 mars 2026',
      adresse: { ville: 'BESANCON', codePostal: 25000 },
      lignes: [{ libelle: 'abonnement', montant: '30,00' }],
      extra: 'ignoré',
    });
    const s = await score({ type: 'json-fields', value: INVOICE, fields: { date: 'date' } }, output);
    expect(s).toEqual({ type: 'json-fields', value: 1, pass: true, reason: '7/7 champ(s) corrects' });
  });

  it('scores the share of right fields and lists the wrong ones with expected and got', async () => {
    const output = '```json\n{"fournisseur": "EDF", "montant": 1200, "date": "05/03/2026", "adresse": {"ville": "Besançon"}, "lignes": []}\n```';
    const s = await score({ type: 'json-fields', value: INVOICE, fields: { date: 'date' }, threshold: 0.5 }, output);
    expect(s.value).toBeCloseTo(2 / 7, 10);
    expect(s.pass).toBe(false);
    expect(s.reason).toBe(
      '2/7 champ(s) corrects ; faux : fournisseur (attendu « Électricité de France », obtenu « EDF ») ; montant (attendu « 1234.5 », obtenu « 1200 ») ; adresse.codePostal (attendu « 25000 », obtenu absent) ; lignes.0.libelle (attendu « Abonnement », obtenu absent) ; lignes.0.montant (attendu « 30 », obtenu absent)',
    );
  });

  it('applies a number tolerance, exact comparison and list wildcards', async () => {
    const value = { total: 10, code: 'A-1', lignes: [{ prix: 1.5 }, { prix: 2.5 }] };
    const fields = { total: { type: 'number', tolerance: 0.01 }, code: 'exact', 'lignes.*.prix': { type: 'number', tolerance: 0.1 } };
    expect((await score({ type: 'json-fields', value, fields }, '{"total": "10,004", "code": "A-1", "lignes": [{"prix": 1.55}, {"prix": "2,45"}]}')).value).toBe(1);
    const s = await score({ type: 'json-fields', value, fields }, '{"total": 10.02, "code": "a-1", "lignes": [{"prix": 1.5}, {"prix": 2.7}]}');
    expect(s.value).toBe(0.25);
    expect(s.reason).toMatch(/^1\/4 .*total .*code .*lignes\.1\.prix/);
  });

  it('compares a node named in fields as a whole', async () => {
    const value = { tags: ['urgent', 'voirie'] };
    expect((await score({ type: 'json-fields', value, fields: { tags: 'exact' } }, '{"tags": ["urgent", "voirie"]}')).value).toBe(1);
    expect((await score({ type: 'json-fields', value, fields: { tags: 'exact' } }, '{"tags": ["voirie", "urgent"]}')).value).toBe(0);
    // Not named: each element on its own, as text.
    expect((await score({ type: 'json-fields', value }, '{"tags": ["URGENT", "egout"]}')).value).toBe(0.5);
  });

  it('reads the expected object from the reference by default', async () => {
    const reference = '{"nom": "Dupont", "naissance": "1980-01-31"}';
    const fields = { naissance: 'date' };
    expect((await score({ type: 'json-fields', fields }, '{"nom": "dupont", "naissance": "31/01/1980"}', { reference })).pass).toBe(true);
    expect((await score({ type: 'json-fields', fields: { naissnce: 'date' } }, '{"nom": "Dupont", "naissance": "1980-01-31"}', { reference })).reason).toBe(
      '2/2 champ(s) corrects (champ(s) de fields absent(s) de la référence : naissnce)',
    );
    expect(await score({ type: 'json-fields' }, '{}')).toMatchObject({ value: null, pass: false, reason: 'aucune valeur attendue ni référence pour ce cas' });
    expect((await score({ type: 'json-fields' }, '{}', { reference: 'pas du json' })).reason).toMatch(/^la référence n’est pas du JSON/);
    expect((await score({ type: 'json-fields' }, '{}', { reference: '[1]' })).reason).toBe('la référence n’est pas un objet JSON');
  });

  it('fails output that is not a JSON object', async () => {
    expect((await score({ type: 'json-fields', value: { a: 1 } }, 'a = 1')).reason).toMatch(/^JSON invalide/);
    expect(await score({ type: 'json-fields', value: { a: 1 } }, '[1]')).toMatchObject({ value: 0, pass: false, reason: 'la sortie n’est pas un objet JSON' });
    expect(await score({ type: 'json-fields', value: { a: 'x' }, fields: { a: 'date' } }, '{"a": "x"}')).toMatchObject({ value: 0, pass: false });
  });

  it('rejects unknown comparisons and fields absent from the expected value', () => {
    expect(problems({ type: 'json-fields', value: { a: 1 }, fields: { a: 'fuzzy' } })[0]).toMatchObject({ path: 'fields.a' });
    expect(problems({ type: 'json-fields', value: { a: 1 }, fields: { b: 'text' } })).toEqual([{ path: 'fields.b', message: 'champ « b » absent de la valeur attendue' }]);
    expect(problems({ type: 'json-fields', value: { a: 1 }, threshold: 2 })[0]).toMatchObject({ path: 'threshold' });
    expect(problems({ type: 'json-fields', value: 'a' })[0]).toMatchObject({ path: 'value' });
  });
});

describe('JSON Schema drafts from $schema (issue 16 item 9)', () => {
  // prefixItems exists from 2020-12; dependentRequired from 2019-09; draft-07 has neither (strict mode refuses unknown keywords).
  const tuple2020 = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }], items: false };
  const dep2019 = { $schema: 'https://json-schema.org/draft/2019-09/schema', type: 'object', dependentRequired: { iban: ['titulaire'] } };

  it('loads a 2020-12 schema and applies prefixItems', async () => {
    expect((await score({ type: 'json-schema', value: tuple2020 }, '["mairie", 3]')).pass).toBe(true);
    const bad = await score({ type: 'json-schema', value: tuple2020 }, '["mairie", "trois"]');
    expect(bad).toMatchObject({ pass: false });
    expect((await score({ type: 'json-schema', value: tuple2020 }, '["mairie", 3, "de trop"]')).pass).toBe(false);
  });

  it('loads a 2019-09 schema and applies dependentRequired', async () => {
    expect((await score({ type: 'json-schema', value: dep2019 }, '{"iban": "FR76", "titulaire": "X"}')).pass).toBe(true);
    expect((await score({ type: 'json-schema', value: dep2019 }, '{"iban": "FR76"}')).pass).toBe(false);
  });

  it('reads draft-07 when $schema says so or is absent, and refuses prefixItems there (unknown keyword)', async () => {
    const d7 = { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', required: ['a'] };
    expect((await score({ type: 'json-schema', value: d7 }, '{"a": 1}')).pass).toBe(true);
    expect(problems({ type: 'json-schema', value: { type: 'array', prefixItems: [{ type: 'string' }] } })[0]!.message).toMatch(/^schéma JSON invalide.*prefixItems/);
  });

  it('refuses an unsupported draft with the list of supported ones', () => {
    const msg = problems({ type: 'json-schema', value: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object' } })[0]!.message;
    expect(msg).toMatch(/draft-04.*non pris en charge/);
    expect(msg).toContain('https://json-schema.org/draft/2020-12/schema');
  });
});
