/**
 * Reads the cases of one dataset file (CSV, JSONL, YAML/JSON list) into located raw cases.
 * Validation against the case schema happens in the suite loader, the same for every source.
 */
import { extname } from 'node:path';
import type { Issue } from '../core/errors.js';
import { loadCsvCases, type ScorerLookup } from './load-csv.js';
import { locateInYaml } from './locate.js';
import { parseYaml } from './parse-yaml.js';
import type { RawCase } from './raw-case.js';

export const DATASET_EXTENSIONS = ['.csv', '.jsonl', '.yaml', '.yml', '.json'] as const;

const loadJsonl = (text: string, file: string): { cases: RawCase[]; issues: Issue[] } => {
  const cases: RawCase[] = [];
  const issues: Issue[] = [];
  text.split(/\r?\n/).forEach((lineText, index) => {
    const line = index + 1;
    if (lineText.trim() === '') return;
    try {
      const raw: unknown = JSON.parse(lineText);
      cases.push({ raw, source: { file, line }, locate: () => ({ file, line }) });
    } catch (e) {
      issues.push({
        at: { file, line },
        path: '',
        message: `JSON invalide : ${e instanceof Error ? e.message : String(e)}`,
        hint: 'une ligne = un objet JSON complet',
      });
    }
  });
  if (cases.length === 0 && issues.length === 0) issues.push({ at: { file, line: 1 }, path: '', message: 'aucun cas dans le fichier' });
  return { cases, issues };
};

const loadYamlList = (text: string, file: string): { cases: RawCase[]; issues: Issue[] } => {
  const parsed = parseYaml(text, file);
  if (!parsed.ok) return { cases: [], issues: parsed.issues };
  const { doc, lineCounter, value } = parsed.value;
  if (!Array.isArray(value)) {
    return { cases: [], issues: [{ at: { file, line: 1, column: 1 }, path: '', message: 'une liste de cas est attendue (chaque cas commence par « - »)' }] };
  }
  return {
    cases: value.map((raw, i) => {
      const locate = (path: readonly (string | number)[], key?: string) => locateInYaml(doc, lineCounter, file, [i, ...path], key);
      return { raw, source: locate([]), locate };
    }),
    issues: [],
  };
};

export const loadDatasetCases = (text: string, file: string, scorers: ScorerLookup): { cases: RawCase[]; issues: Issue[] } => {
  switch (extname(file).toLowerCase()) {
    case '.csv':
      return loadCsvCases(text, file, scorers);
    case '.jsonl':
      return loadJsonl(text, file);
    default:
      return loadYamlList(text, file);
  }
};
