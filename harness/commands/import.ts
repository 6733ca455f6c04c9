/**
 * `bac-a-sable import promptfoo CONFIG`: turns a promptfoo configuration into suites, a dataset and
 * a models config that `validate` accepts, with a report of every item mapped, approximated or
 * dropped (console and import-report.md). `--strict` refuses any approximation or drop.
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { HarnessError } from '../core/errors.js';
import { CLASSIFICATIONS, type Classification } from '../core/types.js';
import { readPromptfooConfig } from '../import/read-config.js';
import { applyHostings, parseHostingArgs } from '../import/map-providers.js';
import { createImportReport, renderReportConsole, renderReportMarkdown } from '../import/report.js';
import { buildOutputs, writeOutputs } from '../import/write-outputs.js';
import { display, type CommandContext } from './context.js';

export type ImportArgs = { format: 'promptfoo'; file: string; out?: string; hosting: string[]; classification?: string; strict?: boolean };

export const importCommand = (ctx: CommandContext, args: ImportArgs): void => {
  const file = resolve(ctx.cwd, args.file);
  if (!existsSync(file)) {
    throw new HarnessError('invalid-input', `${args.file} : fichier introuvable`, { hint: 'donnez le chemin de promptfooconfig.yaml' });
  }
  const classification = args.classification ?? 'personnel';
  if (!(CLASSIFICATIONS as readonly string[]).includes(classification)) {
    throw new HarnessError('invalid-input', `--classification « ${classification} » inconnue`, { hint: `valeurs : ${CLASSIFICATIONS.join(', ')}` });
  }
  const hostings = parseHostingArgs(args.hosting);
  const report = createImportReport();
  const plan = readPromptfooConfig(file, report);
  if (plan.models.length === 0) {
    ctx.stderr.write(renderReportConsole(report.items()));
    throw new HarnessError('invalid-input', 'aucun fournisseur importable : rien n’a été écrit', { hint: 'fournisseurs lus : openai, ollama, mistral, http, exec' });
  }
  const hostedModels = applyHostings(plan.models, hostings);
  const items = report.items();
  const outDir = resolve(ctx.cwd, args.out ?? '.');
  const stem = basename(file).replace(/\.(ya?ml|json)$/i, '').replace(/^promptfooconfig$/i, basename(dirname(file)));
  const files = buildOutputs(plan, { outDir, name: stem, classification: classification as Classification, source: display(ctx, file), hostedModels });
  const reportPath = join(outDir, 'import-report.md');
  const written = [...files.map((f) => display(ctx, f.path)), display(ctx, reportPath)];
  const consoleReport = renderReportConsole(items);
  if (args.strict && items.some((i) => i.status !== 'mapped')) {
    ctx.stderr.write(consoleReport);
    const n = items.filter((i) => i.status !== 'mapped').length;
    throw new HarnessError('invalid-input', `--strict : ${n} élément(s) approché(s) ou non repris (listés ci-dessus) : rien n'a été écrit`, {
      hint: 'réécrivez-les dans la configuration promptfoo, ou importez sans --strict et reprenez-les à la main',
    });
  }
  writeOutputs([...files, { path: reportPath, content: renderReportMarkdown(display(ctx, file), items, written) }], (p) => display(ctx, p));
  const configPath = files.find((f) => f.path.endsWith('bac-a-sable.config.yaml'))!.path;
  ctx.stdout.write(consoleReport);
  ctx.stdout.write(
    [
      `✓ ${plan.prompts.length} suite(s) de ${plan.cases.length} cas, ${hostedModels.length} modèle(s) importés (classification « ${classification} ») :`,
      ...written.map((w) => `  ${w}`),
      `Ensuite : npx bac-a-sable validate --config ${display(ctx, configPath)} ${display(ctx, join(outDir, 'suites'))}`,
      '',
    ].join('\n'),
  );
};
