/** Continuing a campaign: what is already on disk, and a log made ready for appending. */
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { jobKey } from '../runner/plan.js';
import { writeFileAtomic } from '../store/files.js';
import { readResults } from '../store/jsonl.js';

/**
 * Prepares an existing results log for appending: drops a line torn by a crash, and with
 * `retryErrors` removes the error lines so those cases run again. Returns the keys already done.
 */
export const prepareResume = async (resultsFile: string, retryErrors: boolean): Promise<{ done: Set<string>; retried: number }> => {
  if (!existsSync(resultsFile)) return { done: new Set(), retried: 0 };
  const text = readFileSync(resultsFile, 'utf8');
  const lastNewline = text.lastIndexOf('\n');
  if (lastNewline + 1 < text.length) truncateSync(resultsFile, Buffer.byteLength(text.slice(0, lastNewline + 1)));
  const kept: string[] = [];
  const done = new Set<string>();
  let retried = 0;
  for await (const r of readResults(resultsFile)) {
    const key = jobKey(r.suite, r.caseId, r.model, r.repeat);
    if (retryErrors && r.status === 'error') {
      retried++;
      continue;
    }
    if (done.has(key)) continue; // never two lines for one case
    done.add(key);
    kept.push(JSON.stringify(r));
  }
  if (retryErrors && retried > 0) writeFileAtomic(resultsFile, kept.length > 0 ? `${kept.join('\n')}\n` : '');
  return { done, retried };
};
