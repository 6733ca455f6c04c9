/**
 * promptfoo's `file://` references, resolved with containment: a reference must stay inside the
 * promptfoo project's folder, links followed (the same resolver as datasets), so importing a
 * configuration never reads a file elsewhere on the machine.
 */
import { extname } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { HarnessError } from '../core/errors.js';
import { detectDelimiter } from '../suites/load-csv.js';
import { resolveUserPath } from '../suites/user-path.js';
import { readStructured, readText, shownPath } from './source-file.js';

export const FILE_PREFIX = 'file://';

export const isFileRef = (v: unknown): v is string => typeof v === 'string' && v.startsWith(FILE_PREFIX);

/**
 * Absolute path of a `file://` reference written in a file of folder `base`, refused outside `root`.
 * @param where file:line of the reference, for the message
 */
export const resolveRef = (ref: string, base: string, root: string, where: string): string => {
  const written = ref.slice(FILE_PREFIX.length);
  if (/[*?[\]{}]/.test(written)) {
    throw new HarnessError('invalid-input', `${where} : motif « ${written} » non pris en charge par l’import`, { hint: 'listez les fichiers un à un (file://a.yaml, file://b.yaml)' });
  }
  const resolved = resolveUserPath(written, base, [root]);
  if (!resolved.ok) throw new HarnessError('invalid-input', `${where} : ${resolved.message}`, { hint: resolved.hint });
  return resolved.path;
};

/** One test read from a tests file, with the line it starts on. */
export type RawTestAt = {
  test: Record<string, unknown>;
  line: number;
  file: string;
  fromCsv: boolean;
  /** Line of a field inside the test (`['assert', 2]`), when the file has structure. */
  lineOf?: (sub: readonly (string | number)[]) => number;
};

const asRecord = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Tests of a CSV, JSON, JSONL or YAML file (promptfoo's documented test-file formats). */
export const readTestsFile = (file: string, root: string): RawTestAt[] => {
  const ext = extname(file).toLowerCase();
  const shown = shownPath(file, root);
  if (ext === '.csv') {
    const text = readText(file, root).replace(/^\ufeff/, '');
    let rows: { record: Record<string, string>; info: { lines: number } }[];
    try {
      rows = parseCsv(text, { columns: true, skip_empty_lines: true, delimiter: detectDelimiter(text), info: true, relax_column_count: false }) as unknown as typeof rows;
    } catch (e) {
      const line = (e as { lines?: unknown }).lines;
      throw new HarnessError('invalid-input', `${shown}${typeof line === 'number' ? `:${line}` : ''} : CSV illisible (${(e instanceof Error ? e.message : String(e)).split('\n')[0] ?? ''})`, {
        hint: 'une cellule qui contient une virgule doit être entre guillemets : "a, b"',
      });
    }
    return rows.map((r) => ({ test: r.record, line: r.info.lines, file: shown, fromCsv: true }));
  }
  if (ext === '.jsonl') {
    return readText(file, root)
      .split(/\r?\n/)
      .flatMap((lineText, i) => {
        if (lineText.trim() === '') return [];
        let value: unknown;
        try {
          value = JSON.parse(lineText);
        } catch {
          throw new HarnessError('invalid-input', `${shown}:${i + 1} : ligne JSON illisible`, { hint: 'une ligne = un objet JSON complet' });
        }
        const test = asRecord(value);
        if (!test) throw new HarnessError('invalid-input', `${shown}:${i + 1} : objet JSON attendu`);
        return [{ test, line: i + 1, file: shown, fromCsv: false }];
      });
  }
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') {
    const doc = readStructured(file, root);
    const list = Array.isArray(doc.value) ? doc.value : [doc.value];
    return list.map((item, i) => {
      const test = asRecord(item);
      if (!test) throw new HarnessError('invalid-input', `${shown}:${doc.lineOf([i])} : cas de test (objet) attendu`);
      const prefix = Array.isArray(doc.value) ? [i] : [];
      return { test, line: doc.lineOf(prefix), file: shown, fromCsv: false, lineOf: (sub) => doc.lineOf([...prefix, ...sub]) };
    });
  }
  throw new HarnessError('invalid-input', `${shown} : format de fichier de tests non pris en charge (${ext || 'sans extension'})`, {
    hint: 'formats lus : .csv, .json, .jsonl, .yaml (les générateurs .js/.py ne sont pas importés)',
  });
};

/** Contents of a `file://` var value: text for .txt/.md, parsed for .json/.yaml; undefined otherwise. */
export const readVarFile = (file: string, root: string): unknown => {
  const ext = extname(file).toLowerCase();
  if (ext === '.json' || ext === '.yaml' || ext === '.yml') return readStructured(file, root).value;
  if (ext === '.py' || ext === '.js' || ext === '.ts' || ext === '.mjs' || ext === '.cjs') return undefined;
  return readText(file, root);
};
