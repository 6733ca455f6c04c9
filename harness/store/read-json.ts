/**
 * Reads a JSON file of a run folder that a person may have edited or a crash may have cut
 * (manifest.json, egress.json, summary.json): a malformed or wrongly shaped file is an input error
 * located at its line and column, never a stack trace.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { HarnessError, type Issue } from '../core/errors.js';

/** Line and column (1-based) of a character offset. */
const positionOf = (text: string, offset: number): { line: number; column: number } => {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
};

/** Offset of a JSON.parse error, from V8's « at position N » or « (line L column C) ». */
const offsetOf = (message: string, text: string): number | undefined => {
  if (/end of JSON input/i.test(message)) return text.length; // cut short: the damage is at the end
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (!lc) return undefined;
  const lines = text.split('\n');
  return lines.slice(0, Number(lc[1]) - 1).reduce((n, l) => n + l.length + 1, 0) + Number(lc[2]) - 1;
};

/**
 * Parses `file` and checks it against `schema`. `shown` is the path to print; `hint` says how to
 * recover (the file each command can rebuild, or not).
 */
export const readJsonFile = <T>(file: string, shown: string, schema: z.ZodType<T>, hint: string): T => {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new HarnessError('invalid-input', `${shown} illisible`, { hint });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const offset = offsetOf(message, text);
    const at = offset === undefined ? { file: shown, line: 1 } : { file: shown, ...positionOf(text, Math.min(offset, text.length)) };
    const issue: Issue = { at, path: '', message: text.trim() === '' ? 'fichier vide' : 'JSON invalide (fichier coupé ou modifié à la main ?)', hint };
    throw new HarnessError('invalid-input', `${shown} : JSON invalide`, { issues: [issue] });
  }
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const issues: Issue[] = checked.error.issues.slice(0, 10).map((i) => ({ at: { file: shown, line: 1 }, path: i.path.join('.'), message: i.message, hint }));
    throw new HarnessError('invalid-input', `${shown} : contenu inattendu`, { issues });
  }
  return checked.data;
};
