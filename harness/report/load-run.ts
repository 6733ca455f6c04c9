/**
 * Reads one run folder for the report: manifest.json and summary.json (required), egress.json
 * (optional), and results.jsonl streamed through the digest so only the embedded cases stay in memory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HarnessError } from '../core/errors.js';
import { readResults } from '../store/jsonl.js';
import { RUN_FILES, runFile } from '../store/run-folder.js';
import { parseEgress, parseManifest, parseSummary } from './lenient.js';
import { createResultsDigest, DEFAULT_LIMITS, type DigestLimits, type ResultsDigest } from './results-digest.js';
import type { RunData } from './view-types.js';

export const EGRESS_FILE = 'egress.json';

const readJson = (file: string, what: string): unknown => {
  if (!existsSync(file)) {
    throw new HarnessError('invalid-input', `${what} introuvable : ${file}`, {
      hint: 'donnez un dossier de reports/runs/ ; `bac-a-sable report DOSSIER` recrée summary.json',
    });
  }
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (cause) {
    throw new HarnessError('invalid-input', `${what} illisible (JSON invalide) : ${file}`, { cause });
  }
};

/** Parses leniently; only a file that is not even an object of the right kind is refused. */
const parsed = <T>(parse: (raw: unknown) => T, raw: unknown, what: string, file: string): T => {
  try {
    return parse(raw);
  } catch (cause) {
    throw new HarnessError('invalid-input', `${what} n’a pas la forme attendue : ${file}`, { cause, hint: '`bac-a-sable report DOSSIER` recrée summary.json' });
  }
};

const digestResults = async (runDir: string, limits: DigestLimits): Promise<ResultsDigest> => {
  const digest = createResultsDigest(limits);
  for await (const r of readResults(runFile(runDir, 'results'))) digest.add(r);
  return digest.digest();
};

/** `digested`: already made from results.jsonl (finalize's single pass), so the file is not read again. */
export const loadRun = async (runDir: string, limits: DigestLimits = DEFAULT_LIMITS, digested?: ResultsDigest): Promise<RunData> => {
  const file = (name: string) => join(runDir, name);
  const manifest = parsed(parseManifest, readJson(runFile(runDir, 'manifest'), 'manifest.json'), 'manifest.json', runFile(runDir, 'manifest'));
  const summary = parsed(parseSummary, readJson(runFile(runDir, 'summary'), 'summary.json'), 'summary.json', runFile(runDir, 'summary'));
  const egress = existsSync(file(EGRESS_FILE)) ? parsed(parseEgress, readJson(file(EGRESS_FILE), EGRESS_FILE), EGRESS_FILE, file(EGRESS_FILE)) : null;
  const digest = digested ?? (await digestResults(runDir, limits));
  const all = readdirSync(runDir, { withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => e.name);
  // The report itself is listed even on its first writing.
  const files = [...new Set([...all, 'report.html'])].sort();
  return { runDir, manifest, summary, digest, egress, files: { csv: RUN_FILES.csv, jsonl: RUN_FILES.results, all: files } };
};
