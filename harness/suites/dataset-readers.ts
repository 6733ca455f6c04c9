/**
 * Which suites of the project read which dataset files, read cheaply (the suite's YAML only, not
 * its datasets): a suite classified `public` that points at the dataset of a `personnel` suite must
 * be caught even when only the public one is run.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CLASSIFICATIONS, type Classification } from '../core/types.js';
import type { DatasetReader } from '../sovereignty/classification.js';
import { parseYaml } from './parse-yaml.js';
import { readUserText } from './read-text.js';
import { realPathOf } from './user-path.js';

/** The dataset files a suite file names (real paths), with its classification; undefined if unreadable. */
export const readDatasetReader = (file: string): DatasetReader | undefined => {
  const read = readUserText(file);
  if (!read.ok) return undefined;
  const parsed = parseYaml(read.text, file);
  if (!parsed.ok) return undefined;
  const value = parsed.value.value as { classification?: unknown; tests?: unknown } | null;
  const classification = value?.classification;
  if (typeof classification !== 'string' || !(CLASSIFICATIONS as readonly string[]).includes(classification)) return undefined;
  const tests = typeof value?.tests === 'string' ? [value.tests] : Array.isArray(value?.tests) ? value.tests : [];
  const datasets = tests
    .filter((t): t is string => typeof t === 'string')
    .map((t) => resolve(dirname(resolve(file)), t))
    .filter((p) => existsSync(p))
    .map(realPathOf);
  return { file: realPathOf(resolve(file)), classification: classification as Classification, datasets };
};

export const readDatasetReaders = (files: readonly string[]): DatasetReader[] =>
  files.flatMap((f) => {
    const r = readDatasetReader(f);
    return r ? [r] : [];
  });
