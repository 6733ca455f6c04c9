/**
 * Writes a run folder of N results of one suite × one model (the shape of a large CI campaign),
 * then times `--junit` on it (`writeJunitFile`, module loading and the folder excluded) and prints
 * the time and the file's size as one JSON line. Peak RSS is measured by the driver.
 *   node --import tsx bench/workers/render-junit.ts DIR N
 */
import { once } from 'node:events';
import { createWriteStream, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandContext } from '../../harness/commands/context.js';
import { writeJunitFile } from '../../harness/commands/junit-file.js';

const dir = process.argv[2]!;
const n = Number(process.argv[3]);
mkdirSync(dir, { recursive: true });
const file = createWriteStream(join(dir, 'results.jsonl'));
for (let i = 0; i < n; i++) {
  const passed = i % 10 !== 0;
  const line = {
    runId: 'bench-junit', suite: 'accuse-reception', model: 'modele', caseId: `cas-${i}`, repeat: 1, status: passed ? 'passed' : 'failed', latencyMs: 40 + (i % 50),
    prompt: 'Rédigez un accusé de réception pour la demande suivante. '.repeat(4), output: 'Madame, Monsieur, nous accusons réception de votre demande. '.repeat(5),
    scores: [{ type: 'contains', pass: passed, score: passed ? 1 : 0, reason: passed ? '' : 'mot attendu absent : « réception »' }],
  };
  if (!file.write(`${JSON.stringify(line)}\n`)) await once(file, 'drain');
}
file.end();
await once(file, 'finish');
writeFileSync(join(dir, 'summary.json'), JSON.stringify({ runId: 'bench-junit', startedAt: '2026-03-02T09:00:00.000Z', cells: [] }));
const ctx = { cwd: dir, env: {}, stdout: { write: () => true }, stderr: process.stderr } as unknown as CommandContext;
const t0 = performance.now();
const out = await writeJunitFile(ctx, dir, 'junit.xml');
const junitMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ junitMs, bytes: statSync(out).size })}\n`);
