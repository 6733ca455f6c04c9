/**
 * `bac-a-sable compare A B`: what changed between two runs, suite × model, with an exact McNemar
 * test on the cases both ran and the list of cases that regressed or improved. A and B are run
 * folders or run ids of the observatory index. `--html` also writes a French page to send.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HarnessError } from '../core/errors.js';
import { suggestName } from '../core/suggest.js';
import { writeFileAtomic } from '../store/files.js';
import { renderCompareHtml } from '../report/compare-html.js';
import { compareView, renderCompareText } from '../report/compare-view.js';
import { compareRuns, loadRunSide, type RunSide } from '../store/observatory/diff.js';
import { importRunFolder } from '../store/observatory/import.js';
import { createMemoryStore } from '../store/observatory/memory.js';
import { describeStore, locateStore, openStore } from '../store/observatory/open.js';
import type { ObservatoryStore } from '../store/observatory/types.js';
import { runFile } from '../store/run-folder.js';
import { display, type CommandContext } from './context.js';

export type CompareArgs = {
  a: string;
  b: string;
  /** A file to write the HTML page to; `true` for `reports/comparaison-A-B.html`. */
  html?: string | boolean;
  db?: string;
};

/** Where run folders are when only an id is given and the index does not know it. */
const DEFAULT_RUNS_DIR = 'reports/runs';

/** A run folder is read directly (into a memory index), without touching the observatory. */
const fromFolder = async (dir: string): Promise<RunSide> => {
  const store = createMemoryStore();
  const { runId } = await importRunFolder(store, dir);
  return (await loadRunSide(store, runId))!;
};

const resolveSide = async (ctx: CommandContext, arg: string, db: () => Promise<ObservatoryStore | undefined>, dbName: string): Promise<RunSide> => {
  const asDir = resolve(ctx.cwd, arg);
  if (existsSync(runFile(asDir, 'manifest'))) return fromFolder(asDir);
  const store = await db();
  const side = store ? await loadRunSide(store, arg) : undefined;
  if (side) return side;
  const inRuns = join(resolve(ctx.cwd, DEFAULT_RUNS_DIR), arg);
  if (existsSync(runFile(inRuns, 'manifest'))) return fromFolder(inRuns);
  const close = store ? suggestName(arg, (await store.listRuns()).map((r) => r.runId)) : undefined;
  throw new HarnessError('invalid-input', `campagne « ${arg} » introuvable : ni dossier de campagne, ni identifiant connu de ${dbName}`, {
    hint: close ? `vouliez-vous dire « ${close} » ?` : 'donnez un dossier de reports/runs/ ou un identifiant listé par « bac-a-sable history »',
  });
};

export const compareCommand = async (ctx: CommandContext, args: CompareArgs): Promise<void> => {
  const where = locateStore({ cwd: ctx.cwd, env: ctx.env, db: args.db });
  const dbName = describeStore(where, (f) => display(ctx, f));
  let opened: Promise<ObservatoryStore | undefined> | undefined;
  // Opened only when an id must be looked up, and never created by a comparison.
  const db = () => (opened ??= where.kind === 'sqlite' && !existsSync(where.path) ? Promise.resolve(undefined) : openStore(where));
  try {
    const a = await resolveSide(ctx, args.a, db, dbName);
    const b = await resolveSide(ctx, args.b, db, dbName);
    const view = compareView(compareRuns(a, b));
    ctx.stdout.write(`${renderCompareText(view)}\n`);
    if (args.html) {
      const file = typeof args.html === 'string'
        ? resolve(ctx.cwd, args.html)
        : resolve(ctx.cwd, 'reports', `comparaison-${a.run.runId}-${b.run.runId}.html`);
      writeFileAtomic(file, renderCompareHtml(view));
      ctx.stdout.write(`\nPage de comparaison : ${display(ctx, file)}\n`);
    }
  } finally {
    await (await opened?.catch(() => undefined))?.close();
  }
};
