import { describe, expect, it } from 'vitest';
import { mapAssertion } from '../../../harness/import/map-assertions.js';
import { nunjucksToHandlebars } from '../../../harness/import/map-prompts.js';
import { applyHostings, mapProvider, parseHostingArgs, simpleResponsePath } from '../../../harness/import/map-providers.js';
import { parseExpectedCell } from '../../../harness/import/map-tests.js';
import { createImportReport } from '../../../harness/import/report.js';
import { compileTemplate } from '../../../harness/suites/template.js';

const AT = { file: 'p.yaml', line: 7 };

describe('prompts: Nunjucks → Handlebars', () => {
  it('keeps plain and dotted vars, reports nothing else', () => {
    const report = createImportReport();
    const out = nunjucksToHandlebars('Bonjour {{ name }}, {{user.city}} !', AT, report, 'consigne');
    expect(compileTemplate(out)({ name: 'Ana', user: { city: 'Rozavel' } })).toBe('Bonjour Ana, Rozavel !');
    expect(report.items().map((i) => i.status)).toEqual(['mapped']);
  });

  it('drops a filter keeping the var, leaves tags literal, and reports each with its line', () => {
    const report = createImportReport();
    const out = nunjucksToHandlebars('{{ texte | upper }}\n{% for x in liste %}{{ x }}{% endfor %}', AT, report, 'consigne');
    expect(compileTemplate(out)({ texte: 'abc', x: 'y' })).toContain('abc');
    const notes = report.items();
    expect(notes.filter((i) => i.status === 'approximated').length).toBeGreaterThanOrEqual(3);
    expect(notes.every((i) => i.file === 'p.yaml' && i.line === 7)).toBe(true);
    expect(notes.some((i) => i.what.includes('{% for x in liste %}'))).toBe(true);
  });
});

describe('providers', () => {
  it('openai with apiHost becomes openai-compatible and needs a hosting', () => {
    const m = mapProvider({ id: 'openai:chat:mixtral', config: { apiHost: 'llm.ville.fr' } }, AT, createImportReport());
    expect(m?.block).toMatchObject({ provider: 'openai-compatible', baseUrl: 'https://llm.ville.fr/v1', model: 'mixtral' });
    expect(() => applyHostings([m!], new Map())).toThrow(/openai:chat:mixtral.*p\.yaml:7/);
    expect(applyHostings([m!], parseHostingArgs(['openai:chat:mixtral=sovereign-cloud']))[0]).toMatchObject({ hosting: 'sovereign-cloud' });
  });

  it('refuses a hosting that does not exist', () => {
    expect(() => parseHostingArgs(['ollama=chez-moi'])).toThrow(/FOURNISSEUR=HÉBERGEMENT/);
  });

  it('reads a transformResponse only when it is a plain path', () => {
    expect(simpleResponsePath('json.choices[0].message.content')).toBe('choices.0.message.content');
    expect(simpleResponsePath('json.output')).toBe('output');
    expect(simpleResponsePath('json.items.map(i => i.text).join()')).toBeUndefined();
    expect(simpleResponsePath('file://transform.js')).toBeUndefined();
  });

  it('reports an unsupported provider and an unsupported option as dropped', () => {
    const report = createImportReport();
    expect(mapProvider('vertex:gemini-pro', AT, report)).toBeUndefined();
    mapProvider({ id: 'mistral:mistral-large-latest', config: { temperature: 0.2, safe_prompt: true } }, AT, report);
    expect(report.items().filter((i) => i.status === 'dropped').map((i) => i.what)).toEqual(['fournisseur vertex:gemini-pro', 'fournisseur mistral:mistral-large-latest : option safe_prompt']);
  });
});

describe('assertions', () => {
  it('model-graded ones keep their threshold; factuality’s fact becomes the reference; a known grader becomes the judge', () => {
    const report = createImportReport();
    expect(mapAssertion({ type: 'llm-rubric', value: 'poli', threshold: 0.8, provider: 'openai:gpt-4o' }, AT, report, new Map([['openai:gpt-4o', 'openai:gpt-4o']]))).toEqual({
      assertion: { type: 'llm-rubric', value: 'poli', threshold: 0.8, judge: 'openai:gpt-4o' },
    });
    expect(mapAssertion({ type: 'factuality', value: 'Paris est la capitale' }, AT, report, new Map())).toEqual({ assertion: { type: 'factuality' }, reference: 'Paris est la capitale' });
    expect(report.items().map((i) => i.status)).toEqual(['mapped', 'mapped']);
  });

  it('a transform on an assertion drops it rather than changing its meaning', () => {
    const report = createImportReport();
    expect(mapAssertion({ type: 'contains', value: 'x', transform: 'output.trim()' }, AT, report, new Map())).toEqual({});
    expect(report.items()[0]).toMatchObject({ status: 'dropped', line: 7 });
  });
});

describe('__expected cells', () => {
  it('reads promptfoo’s forms', () => {
    expect(parseExpectedCell('Bonjour')).toEqual({ type: 'equals', value: 'Bonjour' });
    expect(parseExpectedCell('icontains: acte')).toEqual({ type: 'icontains', value: 'acte' });
    expect(parseExpectedCell('not-contains: désolé')).toEqual({ type: 'not-contains', value: 'désolé' });
    expect(parseExpectedCell('similar(0.8): changement')).toEqual({ type: 'similar', value: 'changement', threshold: 0.8 });
    expect(parseExpectedCell('grader: répond poliment')).toEqual({ type: 'llm-rubric', value: 'répond poliment' });
    expect(parseExpectedCell('fn: output.length < 10')).toEqual({ type: 'javascript', value: 'output.length < 10' });
    expect(parseExpectedCell('is-json')).toEqual({ type: 'is-json' });
    expect(parseExpectedCell('Attention: fermé')).toEqual({ type: 'equals', value: 'Attention: fermé' });
  });
});

describe('secrets written in clear', () => {
  it('are never copied: a literal Authorization header moves to the environment, an apiKey is dropped, neither appears in the report', () => {
    const report = createImportReport();
    const http = mapProvider({ id: 'http', config: { url: 'http://127.0.0.1:9/x', headers: { Authorization: 'Bearer sk-secret-123', 'Content-Type': 'application/json' } } }, AT, report);
    expect(http?.block.headers).toEqual({ Authorization: '${env:AUTHORIZATION_IMPORT}', 'Content-Type': 'application/json' });
    const openai = mapProvider({ id: 'openai:gpt-4o-mini', config: { apiKey: 'sk-secret-456' } }, AT, report);
    expect(JSON.stringify(openai?.block)).not.toContain('sk-secret');
    expect(JSON.stringify(report.items())).not.toContain('sk-secret');
    expect(report.items().find((i) => i.what.endsWith('apiKey'))).toMatchObject({ status: 'dropped' });
  });
});
