/**
 * `results.csv`: the results for spreadsheets, one row per result, written from `results.jsonl`
 * by streaming (never all in memory). UTF-8 with BOM so Excel shows accents right; text cells that
 * a spreadsheet would read as a formula are neutralised (see core/csv-cells.ts).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { stringify } from 'csv-stringify';
import { safeCsvOptions } from '../core/csv-cells.js';
import type { CaseResult } from '../core/types.js';

export const CSV_COLUMNS = [
  'runId', 'suite', 'community', 'caseId', 'model', 'repeat', 'status', 'score', 'latencyMs', 'ttftMs',
  'inputTokens', 'outputTokens', 'tokensEstimated', 'output', 'reference', 'scores', 'errorCode', 'errorMessage', 'sourceFile', 'sourceLine',
] as const;

export const csvRow = (r: CaseResult): (string | number | null)[] => [
  r.runId, r.suite, r.community, r.caseId, r.model, r.repeat, r.status, r.score, r.latencyMs, r.ttftMs,
  r.tokens?.input ?? null, r.tokens?.output ?? null, r.tokens ? String(r.tokens.estimated) : null,
  r.output, r.reference,
  r.scores.map((s) => `${s.type}=${s.value === null ? 'n/a' : s.value.toFixed(3)}${s.pass ? '' : ' ✗'}`).join('; '),
  r.error?.code ?? null, r.error?.message ?? null, r.source.file, r.source.line,
];

export const writeResultsCsv = async (file: string, results: AsyncIterable<CaseResult>): Promise<void> => {
  const out = createWriteStream(file);
  out.write('\ufeff');
  const csv = stringify(safeCsvOptions({ header: true, columns: [...CSV_COLUMNS] }));
  csv.pipe(out);
  for await (const r of results) {
    if (!csv.write(csvRow(r))) await once(csv, 'drain');
  }
  csv.end();
  await once(out, 'finish');
};
