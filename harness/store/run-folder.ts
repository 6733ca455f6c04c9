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

/**
 * Sortable, readable and unique: `20261129-031522-a3f9`, in Paris time (the city's clock, the one
 * every report states), so the id and the time in the report's title agree on any machine.
 */
export const newRunId = (date: Date, random: () => string = () => randomBytes(2).toString('hex')): string => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
      .formatToParts(date).map((p) => [p.type, p.value]),
  );
  return `${parts.year}${parts.month}${parts.day}-${parts.hour}${parts.minute}${parts.second}-${random()}`;
};
