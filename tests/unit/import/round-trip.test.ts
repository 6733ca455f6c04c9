/**
 * Imported deterministic assertions give the pass/fail promptfoo's assertions reference documents,
 * on fixed outputs: each promptfoo assertion is mapped, compiled with bac-à-sable's real scorer
 * registry and scored; the expected verdict is promptfoo's documented semantics for that output.
 */
import { describe, expect, it } from 'vitest';
import type { Assertion } from '../../../harness/core/types.js';
import { mapAssertion } from '../../../harness/import/map-assertions.js';
import { createImportReport } from '../../../harness/import/report.js';
import { compileAssertion } from '../../../harness/scorers/evaluate.js';
import { structuredScorers } from '../../../harness/scorers/registry-structured.js';
import { translationScorers } from '../../../harness/scorers/registry-translation.js';
import { coreScorers } from '../../../harness/scorers/registry.js';

const registry = { ...coreScorers, ...translationScorers, ...structuredScorers };
const AT = { file: 'promptfooconfig.yaml', line: 1 };

const verdict = async (raw: Record<string, unknown>, output: string, latencyMs: number | null = null): Promise<boolean> => {
  const mapped = mapAssertion(raw, AT, createImportReport(), new Map());
  if (!mapped.assertion) throw new Error(`non importé : ${JSON.stringify(raw)}`);
  const compiled = compileAssertion(registry, mapped.assertion as Assertion);
  if (!compiled.ok) throw new Error(`refusé par bac-à-sable : ${JSON.stringify(compiled.problems)}`);
  return (await compiled.scorer(output, { vars: {}, prompt: '', latencyMs })).pass;
};

// [promptfoo assertion, output, pass according to promptfoo's assertions reference]
const CASES: [Record<string, unknown>, string, boolean][] = [
  [{ type: 'equals', value: 'Bonjour' }, 'Bonjour', true],
  [{ type: 'equals', value: 'Bonjour' }, 'bonjour', false],
  [{ type: 'not-equals', value: 'Bonjour' }, 'Au revoir', true],
  [{ type: 'contains', value: 'mairie' }, 'Bienvenue à la mairie.', true],
  [{ type: 'contains', value: 'Mairie' }, 'Bienvenue à la mairie.', false],
  [{ type: 'not-contains', value: 'désolé' }, 'Je suis désolé.', false],
  [{ type: 'icontains', value: 'MAIRIE' }, 'Bienvenue à la mairie.', true],
  [{ type: 'not-icontains', value: 'IA' }, 'En tant qu’ia, je…', false],
  [{ type: 'contains-any', value: 'Madame,Monsieur' }, 'Bonjour Monsieur', true],
  [{ type: 'contains-any', value: ['Madame', 'Monsieur'] }, 'Bonjour', false],
  [{ type: 'contains-all', value: ['amende', 'délai'] }, 'Votre amende : délai de 45 jours', true],
  [{ type: 'contains-all', value: 'amende, délai' }, 'Votre amende est payée', false],
  [{ type: 'icontains-any', value: ['DÉLAI', 'jours'] }, 'Un délai court', true],
  [{ type: 'icontains-all', value: ['AMENDE', 'DÉLAI'] }, 'amende sans date', false],
  [{ type: 'not-contains-any', value: ['Paris', 'Lyon'] }, 'Marseille', true],
  [{ type: 'starts-with', value: 'Madame' }, 'Madame, nous avons reçu…', true],
  [{ type: 'starts-with', value: 'Madame' }, 'Monsieur, nous…', false],
  [{ type: 'regex', value: '\\d+ jours' }, 'sous 45 jours', true],
  [{ type: 'regex', value: '^\\d+$' }, 'quarante', false],
  [{ type: 'not-regex', value: '\\d' }, 'aucun chiffre', true],
  [{ type: 'is-json' }, '{"objet": "amende"}', true],
  [{ type: 'is-json' }, 'pas du JSON', false],
  [{ type: 'is-json', value: { type: 'object', required: ['objet'] } }, '{"objet": "x"}', true],
  [{ type: 'is-json', value: { type: 'object', required: ['objet'] } }, '{"sujet": "x"}', false],
  [{ type: 'not-is-json' }, 'texte', true],
  [{ type: 'contains-json' }, '{"a": 1}', true],
  [{ type: 'levenshtein', value: 'Bonjour Madame', threshold: 3 }, 'Bonjour Madam', true],
  [{ type: 'levenshtein', value: 'Bonjour Madame', threshold: 3 }, 'Bonsoir Monsieur', false],
  [{ type: 'levenshtein', value: 'Bonjour Madame' }, 'Bonjour Madame', true],
];

describe('round trip: imported assertions keep promptfoo’s verdicts', () => {
  it.each(CASES)('%j on %j → %s', async (raw, output, expected) => {
    expect(await verdict(raw, output)).toBe(expected);
  });

  it('latency: the threshold stays in milliseconds', async () => {
    expect(await verdict({ type: 'latency', threshold: 5000 }, 'x', 1200)).toBe(true);
    expect(await verdict({ type: 'latency', threshold: 1000 }, 'x', 1200)).toBe(false);
  });

  it('contains-json is approximated: JSON inside text passes in promptfoo, not after import (reported)', async () => {
    const report = createImportReport();
    mapAssertion({ type: 'contains-json' }, AT, report, new Map());
    expect(report.items()[0]).toMatchObject({ status: 'approximated' });
    expect(await verdict({ type: 'contains-json' }, 'Voici : {"a": 1}')).toBe(false);
  });
});
