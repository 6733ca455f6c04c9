/**
 * Classifications only go up. The effective classification of a case is the highest among its
 * suite's, its own (`__classification`, `classification:`), and that of every suite that reads the
 * same dataset file (compared after following links). Anything written lower is a conflict the
 * contributor must fix: lowering would let personal rows reach a hosting their owner refused.
 */
import { CLASSIFICATIONS, type Classification } from '../core/types.js';

export const classificationRank = (c: Classification): number => CLASSIFICATIONS.indexOf(c);

/** The most protective of the classifications given. */
export const highestClassification = (first: Classification, ...rest: (Classification | undefined)[]): Classification =>
  rest.reduce<Classification>((a, b) => (b !== undefined && classificationRank(b) > classificationRank(a) ? b : a), first);

/** A suite of the project and the dataset files it reads (real paths). */
export type DatasetReader = { file: string; classification: Classification; datasets: readonly string[] };

/** For one dataset file: the highest classification any suite gives it, and which suite. */
export type DatasetFloor = { classification: Classification; suiteFile: string };

/** Index of the highest classification given to each dataset file by the suites of the project. */
export const datasetFloors = (readers: readonly DatasetReader[]): ((realPath: string) => DatasetFloor | undefined) => {
  const floors = new Map<string, DatasetFloor>();
  for (const r of readers) {
    for (const d of r.datasets) {
      const known = floors.get(d);
      if (!known || classificationRank(r.classification) > classificationRank(known.classification)) floors.set(d, { classification: r.classification, suiteFile: r.file });
    }
  }
  return (realPath) => floors.get(realPath);
};

/** Classifications where a personal value pasted into a case is a leak waiting to happen. */
export const MUST_HOLD_NO_PII: ReadonlySet<Classification> = new Set(['public', 'interne']);
