/** Continuing a campaign: what is already on disk, and a log made ready for appending. */
import { existsSync, readFileSync, truncateSync } from 'node:fs';
import { z } from 'zod';
import { jobKey } from '../runner/plan.js';
import { writeFileAtomic } from '../store/files.js';
import { readResults } from '../store/jsonl.js';
import { readJsonFile } from '../store/read-json.js';
import { CLASSIFICATIONS, HOSTINGS } from '../core/types.js';
import type { EgressEntry } from '../sovereignty/egress.js';

const EgressFileShape = z.looseObject({
  hosts: z.array(
    z.looseObject({
      host: z.string(),
      hosting: z.enum(HOSTINGS),
      models: z.array(z.string()),
      suites: z.array(z.string()),
      cases: z.partialRecord(z.enum(CLASSIFICATIONS), z.int().min(0)),
      redactions: z.int().min(0),
      bytes: z.number().min(0),
    }),
  ),
});

/** The hosts already recorded by the interrupted run; a damaged egress.json stops the resume (exit 2). */
export const readEgressHosts = (file: string, shown: string): EgressEntry[] =>
  readJsonFile(file, shown, EgressFileShape, 'egress.json est le registre des envois : restaurez-le, ou relancez une nouvelle campagne (sans --resume)').hosts as EgressEntry[];

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
