/** Reading a run folder the way an auditor would: every file, the ledger lines, the results. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The single run folder under `out` (tests give each run its own `out`). */
export const onlyRunDir = (out: string): string => {
  const ids = readdirSync(out).filter((n) => statSync(join(out, n)).isDirectory());
  if (ids.length !== 1) throw new Error(`un seul dossier de campagne attendu dans ${out}, trouvé : ${ids.join(', ')}`);
  return join(out, ids[0]!);
};

/** Every file of a folder, recursively, with its text (binary files included as latin1). */
export const allFiles = (dir: string): { file: string; text: string }[] =>
  readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? allFiles(p) : [{ file: p, text: readFileSync(p, 'latin1') }];
  });

export type LedgerSend = { type: 'send'; seq: number; host: string; hosting: string; model: string; purpose: 'case' | 'judge' | 'warm-up'; suite?: string; caseId?: string; classification?: string; bytes: number; redactions: number };

export const ledgerLines = (runDir: string): ({ type: string } & Record<string, unknown>)[] => {
  const file = join(runDir, 'egress.jsonl');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l) as { type: string });
};

export const ledgerSends = (runDir: string): LedgerSend[] => ledgerLines(runDir).filter((l): l is LedgerSend & { type: 'send' } => l.type === 'send') as LedgerSend[];

export const egressJson = (runDir: string): { hosts: { host: string; hosting: string; models: string[]; suites: string[]; cases: Record<string, number>; redactions: number; bytes: number; requests?: number }[] } =>
  JSON.parse(readFileSync(join(runDir, 'egress.json'), 'utf8'));

export const resultsOf = (runDir: string): Record<string, any>[] =>
  readFileSync(join(runDir, 'results.jsonl'), 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => JSON.parse(l));
