import { describe, expect, it } from 'vitest';
import { parseExpected } from '../../../harness/suites/expected.js';

const known = new Set(['contains', 'icontains-any', 'is-json', 'levenshtein', 'not-contains', 'equals', 'regex']);
const parse = (cell: string) => parseExpected(cell, (t) => known.has(t), (t) => (t === 'contians' ? 'contains' : undefined));

describe('__expected cells (promptfoo syntax)', () => {
  it('reads plain text as equals, `type: value` as that assertion, thresholds in parentheses', () => {
    expect(parse('Bonjour')).toEqual({ ok: true, assertion: { type: 'equals', value: 'Bonjour' } });
    expect(parse('contains: presupuesto')).toEqual({ ok: true, assertion: { type: 'contains', value: 'presupuesto' } });
    expect(parse('not-contains: erreur')).toEqual({ ok: true, assertion: { type: 'not-contains', value: 'erreur' } });
    expect(parse('levenshtein(0.8): Hola')).toEqual({ ok: true, assertion: { type: 'levenshtein', threshold: 0.8, value: 'Hola' } });
    expect(parse('is-json')).toEqual({ ok: true, assertion: { type: 'is-json' } });
    expect(parse('regex: ^\\d+: ok$')).toEqual({ ok: true, assertion: { type: 'regex', value: '^\\d+: ok$' } });
  });

  it('refuses a misspelt scorer instead of silently comparing for equality', () => {
    expect(parse('contians: x')).toMatchObject({ ok: false, message: 'critère inconnu « contians »' });
  });

  it('keeps text that merely contains a colon as equals', () => {
    expect(parse('note: à revoir')).toEqual({ ok: true, assertion: { type: 'equals', value: 'note: à revoir' } });
    expect(parse('Réponse : oui')).toEqual({ ok: true, assertion: { type: 'equals', value: 'Réponse : oui' } });
  });
});
