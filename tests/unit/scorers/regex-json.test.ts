import { describe, expect, it } from 'vitest';
import { parseJsonOutput } from '../../../harness/scorers/is-json.js';
import { problems, score } from './helpers.js';

describe('regex', () => {
  it('matches with optional flags and quotes the match', async () => {
    const s = await score({ type: 'regex', value: '\\d{5}' }, 'Code postal : 25000 Besançon');
    expect(s).toMatchObject({ type: 'regex', value: 1, pass: true, reason: 'correspond à /\\d{5}/ : « 25000 »' });
    expect((await score({ type: 'regex', value: '^oui' }, 'Oui, bien sûr')).pass).toBe(false);
    expect((await score({ type: 'regex', value: '^oui', flags: 'i' }, 'Oui, bien sûr')).pass).toBe(true);
  });

  it('gives the same verdict on every call with the g flag', async () => {
    const { compileAssertion } = await import('../../../harness/scorers/evaluate.js');
    const { coreScorers } = await import('../../../harness/scorers/registry.js');
    const c = compileAssertion(coreScorers, { type: 'regex', value: 'a', flags: 'g' });
    if (!c.ok) throw new Error('invalide');
    const ctx = { vars: {}, prompt: '', latencyMs: null };
    expect([(await c.scorer('a', ctx)).pass, (await c.scorer('a', ctx)).pass]).toEqual([true, true]);
  });

  it('rejects an invalid pattern or flag at compile time, in French', () => {
    const p = problems({ type: 'regex', value: '(abc' });
    expect(p).toHaveLength(1);
    expect(p[0]!.path).toBe('value');
    expect(p[0]!.message).toMatch(/^expression régulière invalide : /);
    expect(problems({ type: 'regex', value: 'a', flags: 'x' })).toEqual([{ path: 'flags', message: 'drapeaux admis : d, g, i, m, s, u, v, y' }]);
    expect(problems({ type: 'regex', value: 'a', flags: 'ii' })).toEqual([{ path: 'flags', message: 'drapeaux incompatibles : « ii »' }]);
    expect(problems({ type: 'regex', value: '' })).toEqual([{ path: 'value', message: 'ne doit pas être vide' }]);
  });

  it('has a not- form', async () => {
    expect(await score({ type: 'not-regex', value: 'erreur \\d+' }, 'ok')).toMatchObject({ value: 1, pass: true });
  });
});

describe('is-json', () => {
  it('accepts plain JSON and one Markdown fence around it', async () => {
    expect(await score({ type: 'is-json' }, ' {"a": 1}\n')).toMatchObject({ type: 'is-json', value: 1, pass: true });
    expect((await score({ type: 'is-json' }, '```json\n{"a": [1, 2]}\n```')).pass).toBe(true);
    expect((await score({ type: 'is-json' }, '```\n[1]\n```')).pass).toBe(true);
    expect(parseJsonOutput('```json\n{"a":1}\n```\n```json\n{}\n```').ok).toBe(false);
  });

  it('fails on text that is not JSON', async () => {
    const s = await score({ type: 'is-json' }, 'Voici le JSON : {"a": 1}');
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.reason).toMatch(/^JSON invalide : /);
  });

  it('validates against a schema and reports the first three errors in French', async () => {
    const schema = {
      type: 'object',
      required: ['service', 'telephone', 'horaires', 'adresse'],
      additionalProperties: false,
      properties: { service: { type: 'string' }, telephone: { type: 'string', pattern: '^0\\d{9}$' }, horaires: {}, adresse: {} },
    };
    expect((await score({ type: 'is-json', value: schema }, '{"service":"état civil","telephone":"0381610000","horaires":"9h","adresse":"x"}')).pass).toBe(true);
    const s = await score({ type: 'is-json', value: schema }, '{"service": 3, "autre": true}');
    expect(s).toMatchObject({ value: 0, pass: false });
    expect(s.reason).toBe(
      'JSON non conforme au schéma : racine : champ obligatoire « telephone » manquant ; racine : champ obligatoire « horaires » manquant ; racine : champ obligatoire « adresse » manquant (+2 autre(s))',
    );
    const t = await score({ type: 'is-json', value: { type: 'object', properties: { n: { type: 'integer', minimum: 1 } } } }, '{"n": 0.5}');
    expect(t.reason).toBe('JSON non conforme au schéma : n : type attendu : entier ; n : doit être >= 1');
  });

  it('rejects an invalid or misspelt schema at compile time', () => {
    const p = problems({ type: 'is-json', value: { type: 'objet' } });
    expect(p[0]).toMatchObject({ path: 'value' });
    expect(p[0]!.message).toMatch(/^schéma JSON invalide : /);
    expect(problems({ type: 'is-json', value: { type: 'object', requried: ['a'] } })[0]!.message).toMatch(/requried/);
    expect(problems({ type: 'is-json', value: 'oui' })).toEqual([{ path: 'value', message: 'schéma JSON attendu (objet)' }]);
  });

  it('has a not- form', async () => {
    expect(await score({ type: 'not-is-json' }, 'bonjour')).toMatchObject({ type: 'not-is-json', value: 1, pass: true });
  });
});
