/**
 * `bac-a-sable new-suite <community> <suite-id>`: scaffolds a suite file and its spreadsheet
 * template, the path docs/contribuer.md walks contributors through. Ids are checked before
 * anything is written, and an existing file is never overwritten.
 */
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { HarnessError } from '../core/errors.js';
import { parseYaml } from '../suites/parse-yaml.js';
import { readUserText } from '../suites/read-text.js';
import { KEBAB } from '../suites/schema.js';
import { display, findSuiteFiles, type CommandContext } from './context.js';

export type NewSuiteArgs = { community: string; suiteId: string };

/** Folders the scaffold writes into, relative to the working folder. */
export const SUITES_DIR = 'suites';
export const DATASETS_DIR = 'datasets';

/** Columns of the template: reserved `__` columns around the one prompt variable, `texte`. */
export const TEMPLATE_COLUMNS = ['__id', '__description', 'texte', '__reference', '__expected', '__expected2'] as const;

// A CSV cannot hold a comment line: the example row says in its description that it is one.
const EXAMPLE_ROW = ['exemple-01', 'exemple : à remplacer', 'Texte donné au modèle pour ce cas.', 'Réponse attendue pour ce cas.', 'icontains: réponse attendue', ''];

/** `Traduction FR→ES` → `traduction-fr-es`: offered as a hint when an id is refused. */
const kebabOf = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

const checkId = (value: string, what: string, example: string): void => {
  if (KEBAB.test(value)) return;
  const close = kebabOf(value);
  throw new HarnessError('invalid-input', `${what} « ${value} » refusé : minuscules sans accents, chiffres et tirets uniquement (ex. ${example})`, {
    hint: close ? `essayez « ${close} »` : 'donnez un nom fait de lettres et de chiffres, séparés par des tirets',
  });
};

/** The suite file already using `id`, if any, so two suites never share one. */
const suiteUsingId = (dir: string, id: string): string | undefined =>
  findSuiteFiles(dir).find((file) => {
    const read = readUserText(file);
    if (!read.ok) return false;
    const parsed = parseYaml(read.text, file);
    return parsed.ok && (parsed.value.value as { id?: unknown } | null)?.id === id;
  });

const suiteYaml = (community: string, suiteId: string): string => `# Suite créée par « bac-a-sable new-suite ». À compléter :
#   1. le titre, la description et la consigne (prompt) ci-dessous ;
#   2. le tableau ${DATASETS_DIR}/${community}/${suiteId}.csv : une ligne par cas (voir docs/contribuer.md).
# Puis vérifiez : npx bac-a-sable validate ${SUITES_DIR}/${community}/${suiteId}.yaml
id: ${suiteId}
title: "${suiteId} (titre à compléter)"
community: ${community}
# Sensibilité des cas : public | interne | sensible | personnel. Par défaut « personnel », le plus
# protecteur : les cas ne partent que vers des modèles sur ce poste ou sur les serveurs de la
# collectivité. Ne l'abaissez que si aucun cas ne contient de donnée personnelle.
classification: personnel
description: À compléter — ce que la suite vérifie, en une ou deux phrases.
# La consigne : chaque {{variable}} est une colonne du tableau (ici la colonne « texte »).
prompt: |
  À compléter — la consigne donnée au modèle, par exemple : Résume ce texte en trois lignes.

  {{texte}}
options: { temperature: 0, maxTokens: 300 }
# Taux de réussite jugé suffisant par la communauté (de 0 à 1) :
# target: 0.8
# Critères appliqués à tous les cas, en plus des colonnes __expected du tableau :
# defaultTest:
#   assert:
#     - { type: word-count, max: 150 }
tests: ../../${DATASETS_DIR}/${community}/${suiteId}.csv
`;

/** UTF-8 with a BOM and `;`: what a French spreadsheet opens as columns, accents intact. */
const csvTemplate = (): string => `\ufeff${TEMPLATE_COLUMNS.join(';')}\n${EXAMPLE_ROW.join(';')}\n`;

export const newSuiteCommand = (ctx: CommandContext, args: NewSuiteArgs): void => {
  checkId(args.community, 'nom de communauté', 'assistants-administratifs');
  checkId(args.suiteId, 'identifiant de suite', 'traduction-fr-es');
  const suiteFile = join(ctx.cwd, SUITES_DIR, args.community, `${args.suiteId}.yaml`);
  const csvFile = join(ctx.cwd, DATASETS_DIR, args.community, `${args.suiteId}.csv`);
  // Both checked before either is written: a refusal leaves the project untouched.
  for (const file of [suiteFile, csvFile]) {
    if (existsSync(file)) {
      throw new HarnessError('invalid-input', `${display(ctx, file)} existe déjà : rien n'a été écrit`, {
        hint: 'choisissez un autre identifiant de suite, ou modifiez ce fichier directement',
      });
    }
  }
  const twin = suiteUsingId(join(ctx.cwd, SUITES_DIR), args.suiteId);
  if (twin) {
    throw new HarnessError('invalid-input', `l'identifiant de suite « ${args.suiteId} » est déjà utilisé par ${display(ctx, twin)} : rien n'a été écrit`, {
      hint: 'chaque suite a un identifiant unique : ajoutez un suffixe (ex. -v2) ou un nom plus précis',
    });
  }
  for (const [file, content] of [[csvFile, csvTemplate()], [suiteFile, suiteYaml(args.community, args.suiteId)]] as const) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content, { encoding: 'utf8', flag: 'wx' });
  }
  ctx.stdout.write(
    [
      `✓ suite « ${args.suiteId} » créée pour la communauté « ${args.community} » :`,
      `  ${display(ctx, suiteFile)}   la suite (titre, consigne, classification)`,
      `  ${display(ctx, csvFile)}   les cas, une ligne par cas (séparateur « ; », UTF-8)`,
      'Ensuite :',
      '  1. ouvrez le tableau, remplacez la ligne d’exemple par vos cas, enregistrez-le en CSV UTF-8 ;',
      `  2. npx bac-a-sable validate ${display(ctx, suiteFile)}`,
      `  3. npx bac-a-sable run --suite ${args.suiteId} --model reference`,
      'Guide : docs/contribuer.md',
      '',
    ].join('\n'),
  );
};
