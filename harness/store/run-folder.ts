/** Names and layout of a run folder: `<out>/<run-id>/{results.jsonl, summary.json, results.csv, manifest.json}`. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

export const RUN_FILES = {
  results: 'results.jsonl',
  summary: 'summary.json',
  csv: 'results.csv',
  manifest: 'manifest.json',
} as const;

export const runFile = (runDir: string, name: keyof typeof RUN_FILES): string => join(runDir, RUN_FILES[name]);

/** Sortable, readable and unique: `20261129-031522-a3f9`. */
export const newRunId = (date: Date, random: () => string = () => randomBytes(2).toString('hex')): string => {
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
  return `${stamp}-${random()}`;
};
