import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue } from '../../../harness/core/errors.js';
import { datasetFloors, highestClassification } from '../../../harness/sovereignty/classification.js';
import { createPublicContacts } from '../../../harness/sovereignty/pii-in-cases.js';
import { readDatasetReaders } from '../../../harness/suites/dataset-readers.js';
import { loadSuite, nestsDeeperThan, type AssertionChecker } from '../../../harness/suites/load-suite.js';
import { realPathOf, resolveUserPath } from '../../../harness/suites/user-path.js';

const checker: AssertionChecker = { isKnown: () => true, suggest: () => undefined, check: () => [] };

describe('effective classification', () => {
  it('is the highest of those given, absent ones ignored', () => {
    expect(highestClassification('public')).toBe('public');
    expect(highestClassification('interne', undefined, 'sensible', 'public')).toBe('sensible');
    expect(highestClassification('personnel', 'public')).toBe('personnel');
  });

  it('a dataset floor is the highest classification any suite reading it gives', () => {
    const floor = datasetFloors([
      { file: '/p/a.yaml', classification: 'public', datasets: ['/p/d.csv'] },
      { file: '/p/b.yaml', classification: 'personnel', datasets: ['/p/d.csv', '/p/e.csv'] },
      { file: '/p/c.yaml', classification: 'sensible', datasets: ['/p/d.csv'] },
    ]);
    expect(floor('/p/d.csv')).toEqual({ classification: 'personnel', suiteFile: '/p/b.yaml' });
    expect(floor('/p/x.csv')).toBeUndefined();
  });

  it('the loader sets every case to its effective classification, raises allowed, lowering refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-classif-'));
    writeFileSync(join(dir, 'd.csv'), 'q;__classification\nun;\ndeux;personnel\n');
    writeFileSync(join(dir, 's.yaml'), 'id: s\ntitle: s\ncommunity: c\nclassification: interne\nprompt: "{{q}}"\ntests: d.csv\n');
    const ok = loadSuite(join(dir, 's.yaml'), { projectRoot: dir, scorers: checker });
    expect(ok.ok && ok.value.cases.map((c) => c.classification)).toEqual(['interne', 'personnel']);
    // Another suite of the project reads d.csv as sensible: the floor rises, this suite conflicts.
    const floor = datasetFloors([{ file: join(dir, 'autre.yaml'), classification: 'sensible', datasets: [realPathOf(join(dir, 'd.csv'))] }]);
    const bad = loadSuite(join(dir, 's.yaml'), { projectRoot: dir, scorers: checker, datasetFloor: floor });
    expect(bad.ok ? [] : bad.issues.map(formatIssue)).toEqual([expect.stringMatching(/^s\.yaml:4:\d+ {2}classification: suite classée « interne », mais son jeu de données d\.csv est aussi lu par autre\.yaml, classée « sensible »/)]);
    writeFileSync(join(dir, 'd.csv'), 'q;__classification\nun;public\n');
    const lower = loadSuite(join(dir, 's.yaml'), { projectRoot: dir, scorers: checker });
    expect(lower.ok ? [] : lower.issues.map(formatIssue)).toEqual([expect.stringMatching(/^d\.csv:2:2 {2}classification: « public » abaisserait/)]);
  });

  it('readers are found through links and path spellings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-readers-'));
    writeFileSync(join(dir, 'd.csv'), 'q\nx\n');
    symlinkSync(join(dir, 'd.csv'), join(dir, 'lien.csv'));
    writeFileSync(join(dir, 'a.yaml'), 'id: a\nclassification: personnel\ntests: ./lien.csv\n');
    writeFileSync(join(dir, 'b.yaml'), 'id: b\nclassification: public\ntests: [../' + dir.split('/').pop() + '/d.csv, { vars: {} }]\n');
    const readers = readDatasetReaders([join(dir, 'a.yaml'), join(dir, 'b.yaml'), join(dir, 'absent.yaml')]);
    expect(readers.map((r) => r.datasets)).toEqual([[realPathOf(join(dir, 'd.csv'))], [realPathOf(join(dir, 'd.csv'))]]);
  });
});

describe('user paths', () => {
  it('follows links before checking containment', () => {
    const root = mkdtempSync(join(tmpdir(), 'bas-root-'));
    const outside = mkdtempSync(join(tmpdir(), 'bas-out-'));
    writeFileSync(join(outside, 'x.csv'), 'q\n');
    mkdirSync(join(root, 'datasets'));
    symlinkSync(join(outside, 'x.csv'), join(root, 'datasets', 'x.csv'));
    symlinkSync(outside, join(root, 'ext'));
    expect(resolveUserPath('datasets/x.csv', root, [root])).toMatchObject({ ok: false, message: expect.stringMatching(/est un lien symbolique vers .*x\.csv, hors du projet/) });
    expect(resolveUserPath('ext/nouveau/dossier', root, [root])).toMatchObject({ ok: false, message: expect.stringMatching(/un dossier de/) });
    expect(resolveUserPath('../x.csv', root, [root])).toMatchObject({ ok: false, message: expect.stringMatching(/sort du projet/) });
    expect(resolveUserPath(outside, root, [root], { writtenOutside: 'allow' })).toMatchObject({ ok: true });
    expect(resolveUserPath('a/b/c', root, [root])).toMatchObject({ ok: true, path: join(root, 'a/b/c') });
  });

  it('measures nesting iteratively', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(nestsDeeperThan(deep, 64)).toBe(true);
    expect(nestsDeeperThan({ a: [{ b: 1 }] }, 64)).toBe(false);
  });
});

describe('public contacts', () => {
  it('matches exact values, ranges and e-mail domains, normalised', () => {
    const isPublic = createPublicContacts(['02 61 91 *', '@ville.fr', '5 rue de la République']);
    expect(isPublic('02.61.91.45.20')).toBe(true);
    expect(isPublic('06 12 34 56 78')).toBe(false);
    expect(isPublic('Accueil@Ville.fr')).toBe(true);
    expect(isPublic('x@autreville.fr')).toBe(false);
    expect(isPublic('5, rue de la République')).toBe(true);
  });
});
