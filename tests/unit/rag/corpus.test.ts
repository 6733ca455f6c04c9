import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HarnessError } from '../../../harness/core/errors.js';
import { loadCorpus, parseCorpusFile, slugify } from '../../../harness/rag/corpus.js';

const FIXTURE = path.resolve(fileURLToPath(import.meta.url), '..', '..', '..', 'fixtures', 'rag', 'mairie');

const DOC = [
  '# Règlement intérieur',
  '',
  'Texte d’introduction.',
  '',
  '## Horaires d’ouverture {#horaires}',
  'Du lundi au vendredi.',
  '',
  '## Congés & absences (2026)',
  '',
  '### Jours de fractionnement',
  'Deux jours de plus.',
  '',
  '```md',
  '## Pas une section',
  '```',
  '#### Sous-titre gardé dans le texte',
].join('\n');

describe('parseCorpusFile', () => {
  it('cuts a file into an intro and ##/### sections with stable ids', () => {
    const { passages, issues } = parseCorpusFile('reglement-interieur.md', DOC);
    expect(issues).toEqual([]);
    expect(passages.map((p) => [p.id, p.title, p.line])).toEqual([
      ['reglement-interieur#intro', 'Règlement intérieur', 1],
      ['reglement-interieur#horaires', 'Horaires d’ouverture', 5],
      ['reglement-interieur#jours-de-fractionnement', 'Jours de fractionnement', 10],
    ]);
    expect(passages[0]!.text).toBe('Règlement intérieur\nTexte d’introduction.');
    expect(passages[1]!.text).toBe('Horaires d’ouverture\nDu lundi au vendredi.');
    // The fenced heading and the #### heading stay in the section's text.
    expect(passages[2]!.text).toBe('Jours de fractionnement\nDeux jours de plus.\n\n```md\n## Pas une section\n```\n#### Sous-titre gardé dans le texte');
  });

  it('keeps ids when other headings of the file change, and gives the same result on every parse', () => {
    const first = parseCorpusFile('reglement-interieur.md', DOC).passages;
    expect(parseCorpusFile('reglement-interieur.md', DOC).passages).toEqual(first);
    const edited = DOC.replace('## Congés & absences (2026)', '## Congés, absences et autorisations (2027)\nNouveau texte.')
      .replace('# Règlement intérieur', '# Règlement intérieur (version 2)')
      .replace('## Horaires d’ouverture {#horaires}', '## Horaires d’accueil du public {#horaires}');
    const ids = parseCorpusFile('reglement-interieur.md', edited).passages.map((p) => p.id);
    expect(ids).toEqual([
      'reglement-interieur#intro',
      'reglement-interieur#horaires',
      'reglement-interieur#conges-absences-et-autorisations-2027',
      'reglement-interieur#jours-de-fractionnement',
    ]);
  });

  it('reports duplicate ids with the place of the first one', () => {
    const { passages, issues } = parseCorpusFile('faq.md', '## Tarifs\nA\n\n## Tarifs\nB\n\n## Autre {#tarifs}\nC');
    expect(passages.map((p) => p.id)).toEqual(['faq#tarifs']);
    expect(issues).toEqual([
      { at: { file: 'faq.md', line: 4 }, path: '', message: 'identifiant de passage en double « faq#tarifs » (déjà ligne 1)', hint: 'renommez la section ou donnez-lui un identifiant : ## Titre {#autre-id}' },
      { at: { file: 'faq.md', line: 7 }, path: '', message: 'identifiant de passage en double « faq#tarifs » (déjà ligne 1)', hint: 'renommez la section ou donnez-lui un identifiant : ## Titre {#autre-id}' },
    ]);
  });

  it('makes one intro passage of a file without headings, and slugs plainly', () => {
    expect(parseCorpusFile('notes.txt', 'Une ligne.\r\nDeux lignes.').passages).toEqual([
      { id: 'notes#intro', title: null, text: 'Une ligne.\nDeux lignes.', file: 'notes.txt', line: 1 },
    ]);
    expect(slugify('Carte d’identité : délais (été 2026) !')).toBe('carte-d-identite-delais-ete-2026');
    expect(parseCorpusFile('x.md', '## ???\ntexte').passages[0]!.id).toBe('x#section');
  });
});

describe('loadCorpus', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'bas-corpus-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('loads the fixture folder in name order, skipping other files', async () => {
    const loaded = await loadCorpus(FIXTURE);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.issues));
    expect(loaded.value.map((p) => p.id)).toEqual([
      'dechets#decheterie',
      'dechets#collecte-des-ordures-menageres',
      'etat-civil#carte-d-identite',
      'etat-civil#acte-de-naissance',
      'etat-civil#mariage',
      'reglement-interieur#intro',
      'reglement-interieur#horaires',
      'reglement-interieur#conges-des-agents',
      'reglement-interieur#jours-de-fractionnement',
      'reglement-interieur#acces-au-parking',
      'tarifs-cantine#intro',
    ]);
    const again = await loadCorpus(FIXTURE);
    expect(again).toEqual(loaded);
  });

  it('reports duplicates across files with the same stem, and an empty or missing folder', async () => {
    await mkdir(path.join(dir, 'dup'));
    await writeFile(path.join(dir, 'dup', 'faq.md'), 'Intro A');
    await writeFile(path.join(dir, 'dup', 'faq.txt'), 'Intro B');
    const loaded = await loadCorpus(path.join(dir, 'dup'));
    expect(loaded).toEqual({
      ok: false,
      issues: [{ at: { file: path.join(dir, 'dup', 'faq.txt'), line: 1 }, path: '', message: 'identifiant de passage en double « faq#intro » (déjà dans faq.md:1)', hint: 'deux fichiers du corpus ont le même nom sans extension' }],
    });
    await mkdir(path.join(dir, 'empty'));
    const empty = await loadCorpus(path.join(dir, 'empty'));
    expect(empty.ok).toBe(false);
    const missing = await loadCorpus(path.join(dir, 'nowhere')).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(HarnessError);
    expect(missing).toMatchObject({ code: 'invalid-input', message: `corpus introuvable : ${path.join(dir, 'nowhere')}` });
  });
});
