import { describe, expect, it } from 'vitest';
import { parseJsonPath, readJsonPath } from '../../../harness/providers/json-path.js';
import type { JsonPath } from '../../../harness/providers/json-path.js';

const path = (source: string): JsonPath => {
  const parsed = parseJsonPath(source);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.path;
};

const read = (value: unknown, source: string): unknown => readJsonPath(value, path(source));

const RAG_ANSWER = {
  answer: 'La mairie ouvre à 8 h 30.',
  data: { choices: [{ text: 'premier' }, { text: 'second' }] },
  sources: [
    { id: 'a', text: 'passage A', tags: ['horaires', 'mairie'] },
    { id: 'b', content: 'passage B', tags: [] },
    { id: 'c', text: 'passage C', tags: ['accueil'] },
  ],
};

describe('parseJsonPath', () => {
  it('splits keys, indexes and fan-outs', () => {
    expect(path('answer').steps).toEqual([{ kind: 'key', key: 'answer' }]);
    expect(path('data.choices.0.text').steps.map((s) => (s.kind === 'key' ? s.key : '*'))).toEqual(['data', 'choices', '0', 'text']);
    expect(path('sources[*].text')).toEqual({
      source: 'sources[*].text',
      steps: [{ kind: 'key', key: 'sources' }, { kind: 'each' }, { kind: 'key', key: 'text' }],
      fansOut: true,
    });
    expect(path('[*]').steps).toEqual([{ kind: 'each' }]);
    expect(path('a[*][*]').steps).toEqual([{ kind: 'key', key: 'a' }, { kind: 'each' }, { kind: 'each' }]);
  });

  it('refuses malformed paths with a message in French', () => {
    for (const bad of ['', ' answer', 'a..b', 'a.', '.a', 'sources[].text', 'sources[0].text', 'a[*]b', 'a]']) {
      const parsed = parseJsonPath(bad);
      expect(parsed.ok, bad).toBe(false);
      if (!parsed.ok) expect(parsed.message).toMatch(/chemin/);
    }
  });
});

describe('readJsonPath', () => {
  it('reads keys and array indexes', () => {
    expect(read(RAG_ANSWER, 'answer')).toBe('La mairie ouvre à 8 h 30.');
    expect(read(RAG_ANSWER, 'data.choices.1.text')).toBe('second');
    expect(read(RAG_ANSWER, 'sources.0')).toEqual(RAG_ANSWER.sources[0]);
    expect(read([10, 20], '1')).toBe(20);
  });

  it('gives undefined for anything missing, without guessing', () => {
    expect(read(RAG_ANSWER, 'reponse')).toBeUndefined();
    expect(read(RAG_ANSWER, 'data.choices.5.text')).toBeUndefined();
    expect(read(RAG_ANSWER, 'data.choices.01.text')).toBeUndefined();
    expect(read(RAG_ANSWER, 'answer.length')).toBeUndefined();
    expect(read(null, 'answer')).toBeUndefined();
    expect(read('texte', '0')).toBeUndefined();
  });

  it('keeps null values found at the path', () => {
    expect(read({ answer: null }, 'answer')).toBeNull();
  });

  it('never reaches into the prototype', () => {
    expect(read({}, 'constructor')).toBeUndefined();
    expect(read({ a: {} }, 'a.__proto__')).toBeUndefined();
    expect(read([], 'length')).toBeUndefined();
  });

  it('fans out over arrays, dropping elements where the rest of the path is missing', () => {
    expect(read(RAG_ANSWER, 'sources[*].text')).toEqual(['passage A', 'passage C']);
    expect(read(RAG_ANSWER, 'sources[*].id')).toEqual(['a', 'b', 'c']);
    expect(read(RAG_ANSWER, 'sources[*].tags[*]')).toEqual(['horaires', 'mairie', 'accueil']);
    expect(read(RAG_ANSWER.sources, '[*].id')).toEqual(['a', 'b', 'c']);
    expect(read({ m: [[1, 2], [3]] }, 'm[*][*]')).toEqual([1, 2, 3]);
  });

  it('gives an empty list when a fan-out finds nothing', () => {
    expect(read(RAG_ANSWER, 'passages[*].text')).toEqual([]);
    expect(read({ sources: 'pas une liste' }, 'sources[*]')).toEqual([]);
  });
});
