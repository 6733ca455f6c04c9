/**
 * Reads the cases of one dataset file (CSV, JSONL, YAML/JSON list) into located raw cases, handed
 * one at a time to `visit` so that nothing holds every case of a large file at once. Validation
 * against the case schema happens in the suite loader, the same for every source.
 */
import { extname } from 'node:path';
import type { Issue } from '../core/errors.js';
import { loadCsvCases, type ScorerLookup } from './load-csv.js';
import { locateInYaml } from './locate.js';
import { parseYaml } from './parse-yaml.js';
import type { RawCase } from './raw-case.js';

export const DATASET_EXTENSIONS = ['.csv', '.jsonl', '.yaml', '.yml', '.json'] as const;

const loadJsonl = (text: string, file: string, visit: (c: RawCase) => void): Issue[] => {
  const issues: Issue[] = [];
  let cases = 0;
  let line = 0;
  // Walks the text line by line without splitting it into an array of every line.
  for (let start = 0; start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const lineText = text.slice(start, end);
    start = end + 1;
    line++;
    if (lineText.trim() === '') continue;
    const at = { file, line };
    try {
      const raw: unknown = JSON.parse(lineText);
      cases++;
      visit({ raw, source: at, locate: () => at });
    } catch (e) {
      issues.push({ at, path: '', message: `JSON invalide : ${e instanceof Error ? e.message : String(e)}`, hint: 'une ligne = un objet JSON complet' });
    }
  }
  if (cases === 0 && issues.length === 0) issues.push({ at: { file, line: 1 }, path: '', message: 'aucun cas dans le fichier' });
  return issues;
};

const loadYamlList = (text: string, file: string, visit: (c: RawCase) => void): Issue[] => {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return parsed.issues;
  const { doc, lineCounter, value } = parsed.value;
  if (!Array.isArray(value)) return [{ at: { file, line: 1, column: 1 }, path: '', message: 'une liste de cas est attendue (chaque cas commence par « - »)' }];
  value.forEach((raw: unknown, i) => {
    const locate = (path: readonly (string | number)[], key?: string) => locateInYaml(doc, lineCounter, file, [i, ...path], key);
    visit({ raw, source: locate([]), locate });
  });
  return [];
};

/** Reads every case of a dataset, calling `visit` for each in file order; returns the file's problems. */
export const loadDatasetCases = (text: string, file: string, scorers: ScorerLookup, visit: (c: RawCase) => void): Issue[] => {
  switch (extname(file).toLowerCase()) {
    case '.csv':
      return loadCsvCases(text, file, scorers, visit);
    case '.jsonl':
      return loadJsonl(text, file, visit);
    default:
      return loadYamlList(text, file, visit);
  }
};
