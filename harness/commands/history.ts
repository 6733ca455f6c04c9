/**
 * `bac-a-sable history`: the runs the observatory index holds, newest first, with their headline
 * figures; `history import DIR…` indexes run folders; `history export FILE` writes the whole
 * history as CSV for spreadsheets (UTF-8 with BOM so Excel shows accents right).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { safeCsvOptions } from '../core/csv-cells.js';
import { errorMessage, HarnessError, isHarnessError } from '../core/errors.js';
import { createFormat } from '../report/format.js';
import { writeFileAtomic } from '../store/files.js';
import { findRunFolders, importRunFolder } from '../store/observatory/import.js';
import { runHeadlines } from '../store/observatory/queries.js';
import { createSqliteStore, DEFAULT_DB_PATH } from '../store/observatory/sqlite.js';
import type { ObservatoryStore } from '../store/observatory/types.js';
import { display, type CommandContext } from './context.js';

export type HistoryArgs = { community?: string; model?: string; suite?: string; db?: string };

const f = createFormat({ lang: 'fr' });

const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
};

/** Opens an existing index; reading never creates one. */
const openExisting = (ctx: CommandContext, db: string | undefined): { store: ObservatoryStore; path: string } => {
  const path = resolve(ctx.cwd, db ?? DEFAULT_DB_PATH);
  if (!existsSync(path)) {
    throw new HarnessError('invalid-input', `aucun historique : ${display(ctx, path)} n’existe pas`, {
      hint: 'indexez les campagnes déjà faites : bac-a-sable history import reports/runs',
    });
  }
  return { store: createSqliteStore(path), path };
};

export const historyCommand = (ctx: CommandContext, args: HistoryArgs): void => {
  const { store, path } = openExisting(ctx, args.db);
  try {
    const filter = { ...(args.community ? { community: args.community } : {}), ...(args.model ? { model: args.model } : {}), ...(args.suite ? { suite: args.suite } : {}) };
    const heads = runHeadlines(store, filter);
    if (heads.length === 0) {
      ctx.stdout.write(`Aucune campagne${Object.keys(filter).length > 0 ? ' ne correspond à ce filtre' : ' enregistrée'} dans ${display(ctx, path)}.\n`);
      return;
    }
    const rows = [['campagne', 'date', 'par', 'état', 'suites', 'modèles', 'cas', 'réussite', 'score', 'latence p50', 'énergie/cas', 'CO₂e/cas']];
    for (const { run, suites, models, figures: x } of heads) {
      rows.push([
        run.runId, f.compactDate(run.createdAt), run.who ?? '—', run.complete ? 'complète' : run.interrupted ? 'interrompue' : 'inachevée',
        String(suites.length), String(models.length), f.integer(x.n), f.percent(x.passRate), f.score(x.meanScore), f.durationMs(x.latencyP50Ms),
        f.withUnit(x.energyWhPerCase, 'Wh'), f.withUnit(x.gCo2ePerCase, 'g'),
      ]);
    }
    ctx.stdout.write(`${table(rows)}\n\n${heads.length} campagne(s) · ${display(ctx, path)}\n`);
  } finally {
    store.close();
  }
};

export const historyImportCommand = async (ctx: CommandContext, args: { dirs: readonly string[]; db?: string }): Promise<void> => {
  const found = args.dirs.map((d) => ({ arg: d, folders: findRunFolders(resolve(ctx.cwd, d)) }));
  const empty = found.filter((x) => x.folders.length === 0).map((x) => x.arg);
  if (empty.length > 0) {
    throw new HarnessError('invalid-input', `aucun dossier de campagne dans : ${empty.join(', ')}`, {
      hint: 'donnez un dossier de campagne (avec manifest.json) ou le dossier qui les contient, par exemple reports/runs',
    });
  }
  const path = resolve(ctx.cwd, args.db ?? DEFAULT_DB_PATH);
  const store = createSqliteStore(path);
  const failed: string[] = [];
  try {
    for (const dir of [...new Set(found.flatMap((x) => x.folders))]) {
      try {
        const r = await importRunFolder(store, dir);
        const notes = [r.fromSummary ? '' : 'sans summary.json', r.skippedLines > 0 ? `${r.skippedLines} ligne(s) illisible(s)` : ''].filter(Boolean);
        ctx.stdout.write(`${r.runId}  ${r.cases} résultat(s), ${r.cells} cellule(s)${notes.length > 0 ? ` (${notes.join(', ')})` : ''}\n`);
      } catch (e) {
        if (!isHarnessError(e)) throw e;
        failed.push(dir);
        ctx.stderr.write(`${display(ctx, dir)} : ${errorMessage(e)}\n`);
      }
    }
  } finally {
    store.close();
  }
  const done = found.flatMap((x) => x.folders).length - failed.length;
  ctx.stdout.write(`${done} campagne(s) indexée(s) dans ${display(ctx, path)}\n`);
  if (failed.length > 0) throw new HarnessError('invalid-input', `${failed.length} dossier(s) non indexé(s)`, { hint: 'voir les messages ci-dessus' });
};

export const EXPORT_COLUMNS = [
  'runId', 'createdAt', 'finishedAt', 'who', 'harnessVersion', 'complete', 'interrupted', 'suite', 'community', 'classification',
  'suiteSha256', 'model', 'provider', 'hosting', 'n', 'passed', 'failed', 'errors', 'passRate', 'meanScore', 'latencyP50Ms',
  'latencyP95Ms', 'ttftP50Ms', 'energyWhPerCase', 'energyMethod', 'gCo2ePerCase',
] as const;

export const historyExportCommand = (ctx: CommandContext, args: { out: string; db?: string }): void => {
  const { store } = openExisting(ctx, args.db);
  try {
    const runs = new Map(store.listRuns().map((r) => [r.runId, { run: r, suites: new Map(store.suites(r.runId).map((s) => [s.suiteId, s])), models: new Map(store.models(r.runId).map((m) => [m.modelId, m])) }]));
    const rows = store.cells().map((c) => {
      const { run, suites, models } = runs.get(c.runId)!;
      const s = suites.get(c.suiteId);
      const m = models.get(c.modelId);
      return [
        run.runId, run.createdAt, run.finishedAt, run.who, run.harnessVersion, String(run.complete), String(run.interrupted), c.suiteId, c.community,
        s?.classification ?? null, s?.sha256 ?? null, c.modelId, m?.provider ?? null, m?.hosting ?? null, c.n, c.passed, c.failed, c.errors,
        c.passRate, c.meanScore, c.latencyP50Ms, c.latencyP95Ms, c.ttftP50Ms, c.energyWhPerCase, c.energyMethod, c.gCo2ePerCase,
      ];
    });
    const file = resolve(ctx.cwd, args.out);
    writeFileAtomic(file, `\ufeff${stringify(rows, safeCsvOptions({ header: true, columns: [...EXPORT_COLUMNS] }))}`);
    ctx.stdout.write(`${rows.length} ligne(s) (campagne × suite × modèle) écrites dans ${display(ctx, file)}\n`);
  } finally {
    store.close();
  }
};
