/**
 * `bac-a-sable merge RUN_DIR… [--out DIR]`: the shards of one campaign (`run --shard K/N` on
 * several machines) become one ordinary run folder. Refused (exit 2) unless every shard comes from
 * the same plan (same fingerprint) and each of 1..N is there exactly once. The derived files are
 * rebuilt by the same end-of-run pipeline as `run` (finalize.ts), from the concatenated
 * results.jsonl and egress ledger, so the verdicts are those of the plan run in one go.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HarnessError, invalidInput, type Issue } from '../core/errors.js';
import type { Suite } from '../core/types.js';
import { renderSummaryTable } from '../reporters/table.js';
import { writeJsonAtomic } from '../store/files.js';
import { newRunId, runFile } from '../store/run-folder.js';
import { recordInObservatory } from './record-observatory.js';
import { display, type CommandContext } from './context.js';
import { EGRESS_FILE, EGRESS_LOG, writeEgressSummary } from './egress-files.js';
import { finalizeRunFolder, readManifest, type Manifest } from './finalize.js';
import { applyGates } from './gate-run.js';
import type { GatedSummary } from './gates.js';
import { writeJunitFile } from './junit-file.js';
import type { PlanRecord } from './run-plan.js';

export type MergeArgs = { dirs: string[]; out?: string; junit?: string; lang?: 'fr' | 'en'; failUnder?: number };

type Shard = { dir: string; manifest: Manifest; plan: PlanRecord; index: number; total: number };

const readShard = (ctx: CommandContext, dir: string, issues: Issue[]): Shard | undefined => {
  const shown = display(ctx, dir);
  const manifest = readManifest(dir);
  const plan = manifest.plan as PlanRecord | undefined;
  const shard = plan?.selection?.shard;
  if (!plan || !shard || !plan.planFingerprint) {
    issues.push({ at: { file: `${shown}/manifest.json`, line: 1 }, path: 'plan.selection.shard', message: 'ce dossier n’est pas une part de campagne (lancée sans --shard K/N)', hint: 'merge réunit les parts d’une même campagne lancée avec --shard 1/N … N/N' });
    return undefined;
  }
  if (!existsSync(runFile(dir, 'results'))) {
    issues.push({ at: { file: shown, line: 1 }, path: 'results.jsonl', message: 'part sans results.jsonl : elle n’a pas tourné jusqu’au bout', hint: `relancez-la : bac-a-sable run --resume ${shown}` });
    return undefined;
  }
  return { dir, manifest, plan, index: shard.index, total: shard.total };
};

/** Every refusal is about the same plan: it must name exactly the shards 1..N once each. */
const checkShards = (ctx: CommandContext, shards: readonly Shard[], issues: Issue[]): void => {
  const first = shards[0];
  if (!first) return;
  for (const s of shards.slice(1)) {
    if (s.plan.planFingerprint !== first.plan.planFingerprint || s.total !== first.total) {
      issues.push({
        at: { file: `${display(ctx, s.dir)}/manifest.json`, line: 1 },
        path: 'plan.planFingerprint',
        message: `part étrangère : elle vient d’un autre plan que ${display(ctx, first.dir)} (configuration, suites, modèles, répétitions, sélection ou nombre de parts différents)`,
        hint: 'ne réunissez que les parts d’une même campagne',
      });
    }
  }
  const seen = new Map<number, string>();
  for (const s of shards) {
    const before = seen.get(s.index);
    if (before) issues.push({ at: { file: display(ctx, s.dir), line: 1 }, path: '--shard', message: `part ${s.index}/${s.total} en double (déjà donnée par ${before})`, hint: 'donnez chaque part une seule fois' });
    else seen.set(s.index, display(ctx, s.dir));
  }
  const missing = Array.from({ length: first.total }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) {
    issues.push({ at: { file: '(ligne de commande)', line: 1 }, path: 'RUN_DIR', message: `part(s) manquante(s) : ${missing.map((k) => `${k}/${first.total}`).join(', ')}`, hint: 'ajoutez le dossier de chaque part (artefacts des jobs --shard)' });
  }
};

const readLines = (file: string): string[] => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '') : []);

export const mergeCommand = async (ctx: CommandContext, args: MergeArgs): Promise<{ runDir: string; exitCode: number }> => {
  if (args.dirs.length === 0) throw new HarnessError('invalid-input', 'donnez les dossiers des parts à réunir', { hint: 'bac-a-sable merge reports/runs/PART1 reports/runs/PART2 …' });
  const issues: Issue[] = [];
  const shards = args.dirs.map((d) => resolve(ctx.cwd, d)).flatMap((d) => readShard(ctx, d, issues) ?? []);
  if (issues.length === 0) checkShards(ctx, shards, issues);
  if (issues.length > 0) throw invalidInput(issues);
  shards.sort((a, b) => a.index - b.index);
  const first = shards[0]!;

  const date = ctx.date();
  const runId = newRunId(date);
  const outRoot = resolve(ctx.cwd, args.out ?? dirname(first.dir));
  const runDir = join(outRoot, runId);
  mkdirSync(runDir, { recursive: true });

  const { shard: _shard, ...selection } = first.plan.selection ?? {};
  const counts = new Map<string, number>();
  for (const s of shards) for (const x of (s.manifest.suites ?? []) as { id: string; cases?: number }[]) counts.set(x.id, (counts.get(x.id) ?? 0) + (x.cases ?? 0));
  writeJsonAtomic(runFile(runDir, 'manifest'), {
    ...first.manifest,
    runId,
    createdAt: date.toISOString(),
    suites: ((first.manifest.suites ?? []) as { id: string }[]).map((x) => ({ ...x, cases: counts.get(x.id) ?? 0 })),
    plan: { ...first.plan, selection },
    mergedFrom: shards.map((s) => ({ runId: s.manifest.runId, shard: `${s.index}/${s.total}`, machine: s.manifest.machine ?? null, createdAt: s.manifest.createdAt })),
  });

  // results.jsonl and the egress ledger: every line of every shard, under the merged run's id.
  const results = runFile(runDir, 'results');
  writeFileSync(results, '');
  writeFileSync(join(runDir, EGRESS_LOG), '');
  for (const s of shards) {
    for (const line of readLines(runFile(s.dir, 'results'))) appendFileSync(results, `${JSON.stringify({ ...(JSON.parse(line) as object), runId })}\n`);
    for (const line of readLines(join(s.dir, EGRESS_LOG))) appendFileSync(join(runDir, EGRESS_LOG), `${line}\n`);
  }
  const heads = shards.map((s) => (existsSync(join(s.dir, EGRESS_FILE)) ? (JSON.parse(readFileSync(join(s.dir, EGRESS_FILE), 'utf8')) as { policy?: unknown; overrides?: unknown; refusals?: { suite: string; model: string; reason: string; cases: number }[] }) : {}));
  const refusals = new Map<string, { suite: string; model: string; reason: string; cases: number }>();
  for (const r of heads.flatMap((h) => h.refusals ?? [])) {
    const k = `${r.suite}\t${r.model}\t${r.reason}`;
    const prev = refusals.get(k);
    refusals.set(k, prev ? { ...prev, cases: prev.cases + r.cases } : { ...r });
  }
  writeEgressSummary(runDir, { runId, policy: heads[0]?.policy ?? null, overrides: heads[0]?.overrides ?? [], refusals: [...refusals.values()] });

  const summaries = shards.map((s) => (existsSync(runFile(s.dir, 'summary')) ? (JSON.parse(readFileSync(runFile(s.dir, 'summary'), 'utf8')) as { startedAt?: string; finishedAt?: string; complete?: boolean }) : {}));
  const startedAt = summaries.map((x) => x.startedAt ?? first.manifest.createdAt).sort()[0]!;
  const finishedAt = summaries.map((x) => x.finishedAt ?? date.toISOString()).sort().at(-1)!;
  const { summary, report, cases } = await finalizeRunFolder(
    runDir,
    { startedAt, finishedAt, durationMs: Math.max(0, Date.parse(finishedAt) - Date.parse(startedAt)), complete: summaries.every((x) => x.complete !== false), interrupted: false },
    { lang: args.lang ?? 'fr', index: false },
  );
  await recordInObservatory(ctx, runDir, args.lang ?? 'fr', cases);
  ctx.stdout.write(`\n${renderSummaryTable(summary.cells)}\n\n${shards.length} part(s) réunie(s).\nDossier de la campagne : ${display(ctx, runDir)}\nRapport : ${display(ctx, report)}\n`);
  if (args.junit) await writeJunitFile(ctx, runDir, args.junit);
  // The suites' gates as the shards recorded them, and --fail-under: the same gates as `run`.
  const suites = ((first.manifest.suites ?? []) as { id: string; gates?: Suite['gates'] }[]).map((x) => ({ id: x.id, ...(x.gates ? { gates: x.gates } : {}) }));
  const exitCode = applyGates(ctx, runDir, summary as GatedSummary, suites, args.failUnder === undefined ? {} : { failUnder: args.failUnder });
  return { runDir, exitCode };
};
