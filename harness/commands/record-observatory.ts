/**
 * After a run folder is final (`run`, `merge`): record it in the observatory and rebuild the home
 * page. The index lives beside the runs folder (reports/observatoire.db by default), or in the
 * shared PostgreSQL named by BAC_A_SABLE_DB. It is derived data: a failure to update it is reported,
 * never fatal (`history import` rebuilds it).
 */
import { basename, dirname, join } from 'node:path';
import { recordRun } from '../store/observatory/import.js';
import type { CaseColumns } from '../store/observatory/case-columns.js';
import { locateStore } from '../store/observatory/open.js';
import { display, type CommandContext } from './context.js';

/**
 * `cases`: the case records finalize gathered in its pass over results.jsonl, so the file is not
 * read again. The home page is written here only (finalize is asked not to): from the store, or,
 * when the store cannot be updated, from the run folders beside this one.
 */
export const recordInObservatory = async (ctx: CommandContext, runDir: string, lang: 'fr' | 'en', cases?: CaseColumns): Promise<void> => {
  const inRuns = basename(dirname(runDir)) === 'runs';
  const reportsDir = dirname(dirname(runDir));
  try {
    const where = locateStore({ cwd: ctx.cwd, env: ctx.env, defaultPath: join(reportsDir, 'observatoire.db') });
    const { runId } = await recordRun(where, runDir, cases);
    // The home page shows the whole observatory (other folders and machines too): rebuilt from the store.
    if (inRuns) {
      const { writeReportsIndexFromStore } = await import('../report/index.js');
      await writeReportsIndexFromStore(reportsDir, where, { lang, changed: [runId] });
    }
  } catch (e) {
    ctx.stderr.write(`⚠ index de l’observatoire non mis à jour : ${e instanceof Error ? e.message : String(e)} (bac-a-sable history import ${display(ctx, runDir)})\n`);
    if (inRuns) {
      const { writeReportsIndex } = await import('../report/index.js');
      await writeReportsIndex(reportsDir, { lang });
    }
  }
};
