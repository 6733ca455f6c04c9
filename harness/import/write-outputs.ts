/**
 * Writes what an import produced, inside the output folder: `bac-a-sable.config.yaml`,
 * `suites/<community>/<suite>.yaml` (one per prompt), `datasets/<community>/<name>.yaml` (the
 * cases, shared by the suites) and `import-report.md`. Nothing is overwritten: every target is
 * checked before the first one is written, so a refusal leaves the folder as it was.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { stringify } from 'yaml';
import { HarnessError } from '../core/errors.js';
import type { Classification } from '../core/types.js';
import { KEBAB } from '../suites/schema.js';
import type { ImportPlan } from './read-config.js';

export const IMPORT_COMMUNITY = 'promptfoo';

export const kebabOf = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');

export type OutputFile = { path: string; content: string };

/** Builds every file's content (pure), given the plan and the names chosen. */
export const buildOutputs = (plan: ImportPlan, opts: { outDir: string; name: string; classification: Classification; source: string; hostedModels: Record<string, unknown>[] }): OutputFile[] => {
  const name = KEBAB.test(kebabOf(opts.name)) ? kebabOf(opts.name) : 'import';
  const datasetRel = join('datasets', IMPORT_COMMUNITY, `${name}.yaml`);
  const files: OutputFile[] = [];
  const used = new Set<string>();
  for (const [i, p] of plan.prompts.entries()) {
    let id = kebabOf(plan.prompts.length > 1 ? `${name}-${p.name}` : name) || `${name}-${i + 1}`;
    for (let n = 2; used.has(id); n++) id = `${kebabOf(`${name}-${p.name}`)}-${n}`;
    used.add(id);
    const suite: Record<string, unknown> = {
      id,
      title: plan.prompts.length > 1 ? `${plan.description ?? name} — ${p.name}` : (plan.description ?? name),
      community: IMPORT_COMMUNITY,
      communityTitle: 'Importé de promptfoo',
      classification: opts.classification,
      description: `Importé de ${opts.source} (consigne « ${p.name} ») par « bac-a-sable import promptfoo » ; voir import-report.md.`,
      ...(p.messages ? { messages: p.messages } : { prompt: p.prompt }),
      ...(plan.defaultTest && Object.keys(plan.defaultTest).length > 0 ? { defaultTest: plan.defaultTest } : {}),
      tests: relative(join('suites', IMPORT_COMMUNITY), datasetRel).split('\\').join('/'),
    };
    files.push({ path: join(opts.outDir, 'suites', IMPORT_COMMUNITY, `${id}.yaml`), content: `# Importé de promptfoo (${opts.source}) : voir import-report.md\n${stringify(suite, { lineWidth: 0 })}` });
  }
  const cases = plan.cases.map((c, i) => ({ id: i + 1, ...c }));
  files.push({ path: join(opts.outDir, datasetRel), content: `# Cas importés de promptfoo (${opts.source})\n${stringify(cases, { lineWidth: 0 })}` });
  const config = { models: opts.hostedModels, defaults: { models: opts.hostedModels.map((m) => String(m.id)), suites: 'suites' } };
  files.push({ path: join(opts.outDir, 'bac-a-sable.config.yaml'), content: `# Modèles importés de promptfoo (${opts.source}) : vérifiez l'hébergement de chacun.\n${stringify(config, { lineWidth: 0 })}` });
  return files;
};

/** Writes the files, refusing before any write if one of them exists already. */
export const writeOutputs = (files: readonly OutputFile[], shown: (p: string) => string): void => {
  const existing = files.filter((f) => existsSync(f.path));
  if (existing.length > 0) {
    throw new HarnessError('invalid-input', `${existing.map((f) => shown(f.path)).join(', ')} existe(nt) déjà : rien n'a été écrit`, {
      hint: 'choisissez un autre dossier avec --out, ou supprimez ces fichiers',
    });
  }
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.content, { encoding: 'utf8', flag: 'wx' });
  }
};
