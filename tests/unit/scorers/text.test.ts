import { describe, expect, it } from 'vitest';
import { problems, score } from './helpers.js';

describe('equals', () => {
  it('compares with value after trimming both sides', async () => {
    expect(await score({ type: 'equals', value: ' Madrid ' }, 'Madrid\n')).toMatchObject({ type: 'equals', value: 1, pass: true });
    const s = await score({ type: 'equals', value: 'Madrid' }, 'madrid');
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.reason).toBe('attendu « Madrid », obtenu « madrid »');
  });

  it('falls back on the case reference, and says so when there is none', async () => {
    expect(await score({ type: 'equals' }, 'hola', { reference: 'hola' })).toMatchObject({ value: 1, pass: true });
    const s = await score({ type: 'equals' }, 'hola');
    expect(s).toMatchObject({ value: null, pass: false });
    expect(s.reason).toMatch(/aucune valeur attendue/);
  });

  it('honours ignoreCase, ignoreAccents and ignoreWhitespace', async () => {
    const out = 'Préfecture  de\tl’Hérault';
    expect((await score({ type: 'equals', value: 'préfecture de l’hérault' }, out)).pass).toBe(false);
    expect((await score({ type: 'equals', value: 'préfecture  de\tl’hérault', ignoreCase: true }, out)).pass).toBe(true);
    expect((await score({ type: 'equals', value: 'Prefecture  de\tl’Herault', ignoreAccents: true }, out)).pass).toBe(true);
    expect((await score({ type: 'equals', value: 'Préfecture de l’Hérault', ignoreWhitespace: true }, out)).pass).toBe(true);
    expect((await score({ type: 'equals', value: 'PREFECTURE DE L’HERAULT', ignoreCase: true, ignoreAccents: true, ignoreWhitespace: true }, out)).pass).toBe(true);
  });

  it('treats composed and decomposed accents as the same text', async () => {
    expect((await score({ type: 'equals', value: 'café' }, 'cafe\u0301')).pass).toBe(true);
  });

  it('stringifies numbers and rejects non-boolean options', async () => {
    expect((await score({ type: 'equals', value: 2024 }, '2024')).pass).toBe(true);
    expect(problems({ type: 'equals', value: 'a', ignoreCase: 'oui' })).toEqual([
      { path: 'ignoreCase', message: 'booléen (true ou false) attendu, reçu texte' },
    ]);
  });
});

describe('contains family', () => {
  it('contains is case-sensitive, icontains is not', async () => {
    const s = await score({ type: 'contains', value: 'presupuesto' }, 'El presupuesto municipal');
    expect(s).toMatchObject({ type: 'contains', value: 1, pass: true, reason: 'contient « presupuesto »' });
    expect(await score({ type: 'contains', value: 'Presupuesto' }, 'El presupuesto')).toMatchObject({ value: 0, pass: false, reason: 'ne contient pas « Presupuesto »' });
    expect(await score({ type: 'icontains', value: 'PRESUPUESTO' }, 'El presupuesto')).toMatchObject({ type: 'icontains', value: 1, pass: true });
  });

  it('accepts a number as value', async () => {
    expect((await score({ type: 'contains', value: 75001 }, 'code postal 75001')).pass).toBe(true);
  });

  it('contains-any and contains-all take a list or a comma-separated string', async () => {
    const out = 'Horaires : lundi et mardi, 9 h – 17 h';
    expect((await score({ type: 'contains-any', value: ['samedi', 'mardi'] }, out)).reason).toBe('contient « mardi »');
    expect((await score({ type: 'contains-any', value: 'samedi, dimanche' }, out))).toMatchObject({ value: 0, pass: false, reason: 'ne contient aucun de « samedi », « dimanche »' });
    expect((await score({ type: 'contains-all', value: 'lundi, mardi' }, out)).pass).toBe(true);
    const s = await score({ type: 'contains-all', value: ['lundi', 'mercredi', 'Mardi'] }, out);
    expect(s).toMatchObject({ value: 0, pass: false, reason: 'il manque « mercredi », « Mardi »' });
  });

  it('icontains-any and icontains-all ignore case', async () => {
    expect((await score({ type: 'icontains-all', value: ['LUNDI', 'Mardi'] }, 'lundi et mardi')).pass).toBe(true);
    expect((await score({ type: 'icontains-any', value: ['JEUDI', 'MARDI'] }, 'lundi et mardi')).pass).toBe(true);
    expect((await score({ type: 'icontains-any', value: ['JEUDI'] }, 'lundi et mardi')).pass).toBe(false);
  });

  it('rejects missing, empty or misshapen values at compile time', () => {
    expect(problems({ type: 'contains' })).toEqual([{ path: 'value', message: 'champ obligatoire manquant (texte attendu)' }]);
    expect(problems({ type: 'contains', value: ['a'] })).toEqual([{ path: 'value', message: 'texte attendu' }]);
    expect(problems({ type: 'contains-any', value: ' , ' })).toEqual([{ path: 'value', message: 'au moins un texte attendu' }]);
    expect(problems({ type: 'contains-all', value: { a: 1 } })[0]?.message).toMatch(/liste de textes attendue/);
  });
});

describe('starts-with', () => {
  it('ignores leading whitespace of the output only', async () => {
    expect(await score({ type: 'starts-with', value: 'Bonjour' }, '\n  Bonjour madame')).toMatchObject({ value: 1, pass: true, reason: 'commence par « Bonjour »' });
    const s = await score({ type: 'starts-with', value: 'Bonjour' }, 'Madame, bonjour');
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.reason).toContain('début : « Madame, bonjour »');
  });
});

describe('not- variants', () => {
  it('invert value and pass and prefix the reason', async () => {
    const s = await score({ type: 'not-contains', value: 'erreur' }, 'Tout va bien');
    expect(s).toMatchObject({ type: 'not-contains', value: 1, pass: true, reason: 'NON : ne contient pas « erreur »' });
    expect(await score({ type: 'not-icontains', value: 'ERREUR' }, 'une erreur')).toMatchObject({ value: 0, pass: false });
    expect(await score({ type: 'not-equals', value: 'a' }, 'b')).toMatchObject({ value: 1, pass: true });
  });

  it('keep a not-applicable score not applicable', async () => {
    const s = await score({ type: 'not-equals' }, 'hola');
    expect(s).toMatchObject({ type: 'not-equals', value: null, pass: false });
    expect(s.reason).toMatch(/^NON : aucune valeur attendue/);
  });
});
