import { describe, expect, it } from 'vitest';
import { CLASSIFICATION_LABELS, HOSTING_LABELS } from '../../../harness/core/labels.js';
import { createTranslator, MESSAGES } from '../../../harness/report/messages.js';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('report messages', () => {
  it('has the same keys and placeholders in French and English', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.fr).sort());
    for (const [key, text] of Object.entries(MESSAGES.fr)) {
      expect(placeholders(MESSAGES.en[key as keyof typeof MESSAGES.en]), key).toEqual(placeholders(text));
    }
  });

  it('uses the product’s words for hosting and sensitivity', () => {
    for (const [code, label] of Object.entries(HOSTING_LABELS)) expect(MESSAGES.fr[`hosting.${code}` as keyof typeof MESSAGES.fr]).toBe(label);
    for (const [code, label] of Object.entries(CLASSIFICATION_LABELS)) expect(MESSAGES.fr[`classification.${code}` as keyof typeof MESSAGES.fr]).toBe(label);
  });

  it('fills placeholders, chooses plural forms, and refuses unknown template keys', () => {
    const { t, n, label, maybe } = createTranslator('fr');
    expect(t('synthesis.verdict', { community: 'Traduction', model: 'Apertium' })).toBe('Traduction — modèle recommandé\u00a0: Apertium');
    expect(n('page.models', 1, { count: '1' })).toBe('1 modèle');
    expect(n('page.models', 0, { count: '0' })).toBe('0 modèle');
    expect(n('page.models', 3, { count: '3' })).toBe('3 modèles');
    expect(createTranslator('en').n('page.models', 0, { count: '0' })).toBe('0 models');
    expect(maybe('energyMethod.inconnue')).toBeNull();
    expect(() => label('section.synthese')).toThrow(/message absent/);
  });
});
