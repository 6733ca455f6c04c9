/**
 * `--lang en` is complete: one message catalogue, and no sentence of the French catalogue in an
 * English report — recommendation sentences, scorer reasons, warnings and the glossary included.
 * The only French left is the campaign's own data (suite titles, prompts, outputs).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeRunReport } from '../../../harness/report/index.js';
import { MESSAGES } from '../../../harness/report/messages.js';
import { translateReason } from '../../../harness/report/reasons.js';
import { writeRunFixture } from './fixture-run.js';

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;').replace(/=/g, '&#x3D;');
const EN = MESSAGES.en as Record<string, string>;

/** The French pieces of the catalogue worth looking for: text between placeholders, 12 characters or more. */
const frenchFragments = (): { key: string; piece: string }[] =>
  Object.entries(MESSAGES.fr as Record<string, string>)
    .filter(([key, fr]) => fr !== EN[key])
    .flatMap(([key, fr]) => fr.split(/\{\w+\}/).map((p) => p.trim()).filter((p) => p.length >= 12 && /\p{L}/u.test(p)).map((piece) => ({ key, piece })));

describe('English report', () => {
  it('carries no sentence of the French catalogue, and every scorer reason is translated', async () => {
    const dir = writeRunFixture(join(mkdtempSync(join(tmpdir(), 'bas-en-')), 'run'), { egress: true, stats: true });
    const html = readFileSync(await writeRunReport(dir, { lang: 'en' }), 'utf8');
    // The campaign's own data is French (« Réponse attendue 1 » is a case's reference): only the catalogue is checked.
    const data = ['results.jsonl', 'manifest.json'].map((f) => readFileSync(join(dir, f), 'utf8')).join('\n');
    const found = frenchFragments().filter(({ piece }) => !data.includes(piece) && (html.includes(piece) || html.includes(escape(piece))));
    expect(found).toEqual([]);
    expect(html).not.toContain('lang="fr"');
    // The sovereignty ledger's refusal reasons are written in French by the policy: the English page words them itself.
    expect(html).not.toContain('non autorisées');
    for (const words of ['What this run concludes', 'Key points', 'Glossary', 'Wilson 95 % confidence interval', 'contains « mot »', 'not applicable']) {
      expect(html).toContain(escape(words));
    }
  });

  it('translates scorer reasons by the catalogue patterns, keeping quoted outputs as they are', () => {
    const en = (r: string) => translateReason(r, EN, true);
    expect(en('contient « presupuesto » (casse ignorée)')).toBe('contains « presupuesto » (case ignored)');
    expect(en('ne contient pas « mot »')).toBe('does not contain « mot »');
    expect(en('similarité 0,82 ≥ seuil 0,70')).toBe('similarity 0.82 ≥ threshold 0.70');
    expect(en('chrF 0,41 < seuil 0,50 (référence « El ayuntamiento »)')).toBe('chrF 0.41 < threshold 0.50 (reference « El ayuntamiento »)');
    expect(en('12 mot(s), attendu au plus 10')).toBe('12 word(s), expected at most 10');
    expect(en('étiquette « congés », attendu « paie »')).toBe('label « congés », expected « paie »');
    expect(en('lisibilité 89 (≥ 70) ; 2 phrases de plus de 15 mots (la plus longue : 30 mots)')).toBe('readability 89 (≥ 70); 2 sentences longer than 15 words (the longest: 30 words)');
    expect(en('1/2 passage(s) de référence retrouvé(s) ; manquant(s) : [rh-3]')).toBe('1/2 reference passage(s) retrieved; missing: [rh-3]');
    // A « ; » inside a quoted output does not split the reason.
    expect(en('contient « congés ; paie »')).toBe('contains « congés ; paie »');
    expect(en('850 ms ≤ seuil 1 000 ms')).toBe('850 ms ≤ threshold 1 000 ms');
    expect(en('une phrase que personne n’a prévue')).toBeNull();
  });

  it('has the same keys and placeholders in both languages (one catalogue)', () => {
    expect(Object.keys(MESSAGES.en).sort()).toEqual(Object.keys(MESSAGES.fr).sort());
  });
});
