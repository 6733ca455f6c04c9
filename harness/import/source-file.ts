/**
 * A promptfoo file read with positions: YAML and JSON (JSON is YAML) through the project's YAML
 * reader, so every report line can say where an item was written.
 */
import { relative } from 'node:path';
import { HarnessError } from '../core/errors.js';
import { formatIssue } from '../core/errors.js';
import { locateInYaml, type PathSegment } from '../suites/locate.js';
import { parseYaml } from '../suites/parse-yaml.js';
import { readUserText } from '../suites/read-text.js';

/** A parsed structured file and the line of any field path inside it. */
export type SourceDoc = {
  /** Path shown in the report (relative to the promptfoo project folder). */
  shown: string;
  value: unknown;
  lineOf(path: readonly PathSegment[]): number;
};

export const shownPath = (file: string, root: string): string => relative(root, file) || file;

/** Reads a file's text or stops the import with a clear message (missing, binary, too large). */
export const readText = (file: string, root: string): string => {
  const read = readUserText(file);
  if (!read.ok) {
    throw new HarnessError('invalid-input', `${shownPath(file, root)} : ${read.message}`, { hint: 'vérifiez le chemin écrit après file://' });
  }
  return read.text;
};

/** Parses a YAML or JSON file; a syntax error stops the import with its file:line. */
export const readStructured = (file: string, root: string): SourceDoc => {
  const text = readText(file, root);
  const shown = shownPath(file, root);
  const parsed = parseYaml(text, shown);
  if (!parsed.ok) {
    throw new HarnessError('invalid-input', parsed.issues.map((i) => formatIssue(i)).join('\n'), { hint: 'corrigez le fichier promptfoo puis relancez l’import' });
  }
  const { doc, lineCounter, value } = parsed.value;
  return { shown, value, lineOf: (path) => locateInYaml(doc, lineCounter, shown, path).line };
};
