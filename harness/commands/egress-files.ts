/**
 * The ledger files of a run folder: `egress.jsonl` (append-only, one line per request written
 * before it leaves) is the truth; `egress.json` (per host, for the report) is derived from it at
 * the start and end of a run, on resume and by `report`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { summarizeEgressFile } from '../sovereignty/egress.js';
import { writeJsonAtomic } from '../store/files.js';

export const EGRESS_FILE = 'egress.json';
export const EGRESS_LOG = 'egress.jsonl';

/** What egress.json says besides the hosts: the policy applied, its exceptions and its refusals. */
export type EgressHead = { runId: string; policy: unknown; overrides: unknown; refusals: unknown };

const readHead = (file: string): Partial<EgressHead> | undefined => {
  if (!existsSync(file)) return undefined;
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Partial<EgressHead>) : undefined;
  } catch {
    return undefined; // rebuilt from the log and the run's own head
  }
};

/**
 * Rewrites egress.json from egress.jsonl. With `head` (a run), the policy part is the run's; without
 * (`report` on a folder), the one already in egress.json is kept, and nothing is written when there
 * is neither a log nor an egress.json.
 */
export const writeEgressSummary = (runDir: string, head?: EgressHead): void => {
  const file = join(runDir, EGRESS_FILE);
  const log = join(runDir, EGRESS_LOG);
  const previous = readHead(file);
  if (!head && (!previous || !existsSync(log))) return;
  const { hosts: _ignored, ...kept } = (previous ?? {}) as Partial<EgressHead> & { hosts?: unknown };
  writeJsonAtomic(file, { ...kept, ...head, hosts: summarizeEgressFile(log) });
};
