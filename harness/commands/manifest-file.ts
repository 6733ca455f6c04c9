/**
 * A run folder's manifest.json, read and checked: what every command that opens a run folder needs
 * first. Apart from finalize.ts so that opening a manifest (run --resume, the plan) does not load the
 * whole end-of-run pass (statistics, CSV, report) before the first request.
 */
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import { readJsonFile } from '../store/read-json.js';
import { runFile } from '../store/run-folder.js';

export type Manifest = {
  runId: string;
  createdAt: string;
  [key: string]: unknown;
};

/** What every reader of a manifest relies on; the rest is kept as written. */
const ManifestShape = z.looseObject({
  runId: z.string().regex(/^[\w.:-]+$/, { message: 'runId invalide' }),
  createdAt: z.string(),
  suites: z.array(z.looseObject({ id: z.string(), classification: z.string().optional(), sha256: z.string().optional() })).optional(),
  models: z.array(z.looseObject({ id: z.string(), hosting: z.string().optional(), provider: z.string().optional() })).optional(),
  plan: z.looseObject({}).optional(),
});

export const readManifest = (runDir: string): Manifest => {
  const file = runFile(runDir, 'manifest');
  if (!existsSync(file)) {
    throw new HarnessError('invalid-input', `${runDir} n’est pas un dossier de campagne (manifest.json absent)`, {
      hint: 'donnez un dossier de reports/runs/',
    });
  }
  return readJsonFile(file, file, ManifestShape, 'manifest.json est écrit par run : restaurez-le (sauvegarde, gestion de versions) ou relancez la campagne') as Manifest;
};

