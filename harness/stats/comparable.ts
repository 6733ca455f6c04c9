/**
 * The one place that decides which models of a suite can be compared, and on which cases. Used by
 * the verdicts (verdict.ts), hence by the community summaries, the report, `history` and `compare`
 * through summary.json.
 *
 * A model takes part when it is not a calibration baseline, when at most ERROR_SHARE_LIMIT of its
 * results are errors (beyond that it is « non évaluable » on the suite: its figures would measure
 * the failures of the service, not the answers), and when it ran every case the other candidates
 * ran. Below that limit, errors count as failures. If no candidate ran every case (an interrupted
 * run), they are compared on the cases they all ran.
 */
import { frInteger, frPercent } from './fr-format.js';
import type { CaseTrials } from './trials.js';
import type { ExcludedModel } from './verdict-types.js';

/** Above this share of errored results, a model is « non évaluable » on the suite (20 %). */
export const ERROR_SHARE_LIMIT = 0.2;

export type ComparableSet = {
  /** Models compared, sorted. */
  models: string[];
  /** Case ids every compared model ran, sorted: the only cases any figure of the verdict uses. */
  cases: string[];
  excluded: ExcludedModel[];
};

const counts = (cell: CaseTrials): { results: number; errors: number } => {
  let results = 0;
  let errors = 0;
  for (const trials of cell.values()) for (const t of trials) {
    results++;
    if (t.error) errors++;
  }
  return { results, errors };
};

export const comparableModels = (cells: ReadonlyMap<string, CaseTrials>, calibration: ReadonlySet<string>, errorShareLimit = ERROR_SHARE_LIMIT): ComparableSet => {
  const excluded: ExcludedModel[] = [];
  const union = new Set<string>();
  const evaluable: string[] = [];
  for (const model of [...cells.keys()].sort()) {
    const cell = cells.get(model)!;
    const { results, errors } = counts(cell);
    const base = { model, cases: cell.size, errors, results, missingCases: 0 };
    // Calibration baselines are not even listed as excluded: they appear only in their own block.
    if (calibration.has(model)) continue;
    if (results > 0 && errors / results > errorShareLimit) {
      excluded.push({
        ...base, reason: 'too-many-errors',
        message: `${model} est non évaluable : ${frInteger(errors)} erreurs sur ${frInteger(results)} résultats (plus de ${frPercent(errorShareLimit)}).`,
      });
    } else {
      evaluable.push(model);
      for (const id of cell.keys()) union.add(id);
    }
  }
  const complete = evaluable.filter((m) => cells.get(m)!.size === union.size);
  if (complete.length > 0) {
    for (const model of evaluable.filter((m) => !complete.includes(m))) {
      const cell = cells.get(model)!;
      const missing = union.size - cell.size;
      excluded.push({
        model, reason: 'incomplete', cases: cell.size, ...counts(cell), missingCases: missing,
        message: `${model} n'a pas de résultat pour ${frInteger(missing)} des ${frInteger(union.size)} cas : il n'est pas comparé aux autres.`,
      });
    }
    return { models: complete, cases: [...union].sort(), excluded };
  }
  const shared = [...union].filter((id) => evaluable.every((m) => cells.get(m)!.has(id))).sort();
  return { models: shared.length === 0 ? [] : evaluable, cases: shared, excluded };
};
