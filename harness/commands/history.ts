/**
 * `bac-a-sable history`: the runs the observatory holds (SQLite file or shared PostgreSQL), newest
 * first, one line per candidate model; `history import DIR…` indexes run folders; `history export FILE` writes the whole
 * history as CSV for spreadsheets (UTF-8 with BOM so Excel shows accents right).
 */
import { resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { safeCsvOptions } from '../core/csv-cells.js';
import { errorMessage, HarnessError, isHarnessError } from '../core/errors.js';
import { createFormat } from '../report/format.js';
import { writeFileAtomic } from '../store/files.js';
import { findRunFolders, importRunFolder } from '../store/observatory/import.js';
import { describeStore, locateStore, openStore } from '../store/observatory/open.js';
import { isCalibration, runHeadlines, type Figures } from '../store/observatory/queries.js';
import type { ModelRecord, ObservatoryStore, RunRecord, SuiteRecord } from '../store/observatory/types.js';
import { display, type CommandContext } from './context.js';

export type HistoryArgs = { community?: string; model?: string; suite?: string; db?: string };

const f = createFormat({ lang: 'fr' });

const table = (rows: string[][]): string => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
};

/** Opens the selected store; a SQLite file must already exist (reading never creates one). */
const openExisting = async (ctx: CommandContext, db: string | undefined): Promise<{ store: ObservatoryStore; name: string }> => {
  const where = locateStore({ cwd: ctx.cwd, env: ctx.env, db });
  const showPath = (file: string) => display(ctx, file);
  return { store: await openStore(where, { mustExist: true, showPath }), name: describeStore(where, showPath) };
};

const interval = (x: Figures & { passRateInterval: [number, number] | null }): string =>
  x.passRateInterval === null ? '—' : `${f.percent(x.passRateInterval[0])} – ${f.percent(x.passRateInterval[1])}`;

/** One line per run × candidate model: a pass rate never mixes models, calibration baselines are left out. */
export const historyCommand = async (ctx: CommandContext, args: HistoryArgs): Promise<void> => {
  const { store, name } = await openExisting(ctx, args.db);
  try {
    const filter = { ...(args.community ? { community: args.community } : {}), ...(args.model ? { model: args.model } : {}), ...(args.suite ? { suite: args.suite } : {}) };
    const heads = await runHeadlines(store, filter);
    if (heads.length === 0) {
      ctx.stdout.write(`Aucune campagne${Object.keys(filter).length > 0 ? ' ne correspond à ce filtre' : ' enregistrée'} dans ${name}.\n`);
      return;
    }
    const rows = [['campagne', 'date', 'par', 'état', 'modèle', 'suites', 'cas', 'réussite', 'IC 95 %', 'score', 'latence p50', 'énergie/cas', 'CO₂e/cas']];
    for (const { run, suites, perModel, calibration } of heads) {
      const state = run.complete ? 'complète' : run.interrupted ? 'interrompue' : 'inachevée';
      const head = [run.runId, f.compactDate(run.createdAt), run.who ?? '—', state];
      if (perModel.length === 0) rows.push([...head, `(étalons seulement : ${calibration.join(', ')})`, String(suites.length), '—', '—', '—', '—', '—', '—', '—']);
      for (const { modelId, figures: x } of perModel) {
        rows.push([
          ...head, modelId, String(suites.length), f.integer(x.n), f.percent(x.passRate), interval(x), f.score(x.meanScore), f.durationMs(x.latencyP50Ms),
          f.withUnit(x.energyWhPerCase, 'Wh'), f.withUnit(x.gCo2ePerCase, 'g'),
        ]);
      }
    }
    const note = heads.some((h) => h.calibration.length > 0) ? 'Étalons de calibration (reference, echo) exclus des chiffres.\n' : '';
    ctx.stdout.write(`${table(rows)}\n\n${heads.length} campagne(s) · ${name}\n${note}`);
  } finally {
    await store.close();
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
  const where = locateStore({ cwd: ctx.cwd, env: ctx.env, db: args.db });
  const store = await openStore(where);
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
    await store.close();
  }
  const done = found.flatMap((x) => x.folders).length - failed.length;
  ctx.stdout.write(`${done} campagne(s) indexée(s) dans ${describeStore(where, (file) => display(ctx, file))}\n`);
  if (failed.length > 0) throw new HarnessError('invalid-input', `${failed.length} dossier(s) non indexé(s)`, { hint: 'voir les messages ci-dessus' });
};

export const EXPORT_COLUMNS = [
  'runId', 'createdAt', 'finishedAt', 'who', 'harnessVersion', 'complete', 'interrupted', 'suite', 'community', 'classification',
  'suiteSha256', 'model', 'provider', 'hosting', 'n', 'passed', 'failed', 'errors', 'passRate', 'meanScore', 'latencyP50Ms',
  'latencyP95Ms', 'ttftP50Ms', 'energyWhPerCase', 'energyMethod', 'gCo2ePerCase',
  'calibration',
] as const;

export const historyExportCommand = async (ctx: CommandContext, args: { out: string; db?: string }): Promise<void> => {
  const { store } = await openExisting(ctx, args.db);
  try {
    const runs = new Map<string, { run: RunRecord; suites: Map<string, SuiteRecord>; models: Map<string, ModelRecord> }>();
    for (const r of await store.listRuns()) {
      const [suites, models] = await Promise.all([store.suites(r.runId), store.models(r.runId)]);
      runs.set(r.runId, { run: r, suites: new Map(suites.map((s) => [s.suiteId, s])), models: new Map(models.map((m) => [m.modelId, m])) });
    }
    const rows = (await store.cells()).map((c) => {
      const { run, suites, models } = runs.get(c.runId)!;
      const s = suites.get(c.suiteId);
      const m = models.get(c.modelId);
      return [
        run.runId, run.createdAt, run.finishedAt, run.who, run.harnessVersion, String(run.complete), String(run.interrupted), c.suiteId, c.community,
        s?.classification ?? null, s?.sha256 ?? null, c.modelId, m?.provider ?? null, m?.hosting ?? null, c.n, c.passed, c.failed, c.errors,
        c.passRate, c.meanScore, c.latencyP50Ms, c.latencyP95Ms, c.ttftP50Ms, c.energyWhPerCase, c.energyMethod, c.gCo2ePerCase,
        String(m !== undefined && isCalibration(m)),
      ];
    });
    const file = resolve(ctx.cwd, args.out);
    writeFileAtomic(file, `\ufeff${stringify(rows, safeCsvOptions({ header: true, columns: [...EXPORT_COLUMNS] }))}`);
    ctx.stdout.write(`${rows.length} ligne(s) (campagne × suite × modèle) écrites dans ${display(ctx, file)}\n`);
  } finally {
    await store.close();
  }
};
