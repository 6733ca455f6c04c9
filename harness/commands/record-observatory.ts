/**
 * After a run folder is final (`run`, `merge`): record it in the observatory and rebuild the home
 * page. The index lives beside the runs folder (reports/observatoire.db by default), or in the
 * shared PostgreSQL named by BAC_A_SABLE_DB. It is derived data: a failure to update it is reported,
 * never fatal (`history import` rebuilds it).
 */
import { basename, dirname, join } from 'node:path';
import { recordRun } from '../store/observatory/import.js';
import { locateStore } from '../store/observatory/open.js';
import { display, type CommandContext } from './context.js';

export const recordInObservatory = async (ctx: CommandContext, runDir: string, lang: 'fr' | 'en'): Promise<void> => {
  try {
    const where = locateStore({ cwd: ctx.cwd, env: ctx.env, defaultPath: join(dirname(dirname(runDir)), 'observatoire.db') });
    await recordRun(where, runDir);
    // The home page shows the whole observatory (other folders and machines too): rebuilt from the store.
    if (basename(dirname(runDir)) === 'runs') {
      const { writeReportsIndexFromStore } = await import('../report/index.js');
      await writeReportsIndexFromStore(dirname(dirname(runDir)), where, { lang });
    }
  } catch (e) {
    ctx.stderr.write(`⚠ index de l’observatoire non mis à jour : ${e instanceof Error ? e.message : String(e)} (bac-a-sable history import ${display(ctx, runDir)})\n`);
  }
};
