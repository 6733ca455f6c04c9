/**
 * Lenient reading of a run folder's JSON files (manifest, summary, egress) into observatory
 * records. The harness writes these files and several of its parts add fields over time: a field
 * of unexpected shape is stored as NULL; only a manifest without `runId` or `createdAt` is refused.
 */
import { z } from 'zod';
import { HarnessError } from '../../core/errors.js';
import type { CellRecord, EgressRecord, ModelRecord, RunRecord, SuiteRecord } from './types.js';

const text = z.string().optional().catch(undefined);
const finite = z.number().refine(Number.isFinite);
const num = finite.nullable().catch(null);
const count = z.number().int().nonnegative().catch(0);
const json = z.record(z.string(), z.unknown());

/** Keeps the items of an array that match `item`; anything else becomes []. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.array(z.unknown()).catch([]).transform((xs) => xs.flatMap((x) => {
    const r = item.safeParse(x);
    return r.success ? [r.data as z.output<T>] : [];
  }));

const ManifestSchema = z.object({
  runId: z.string().min(1),
  createdAt: z.string().min(1),
  who: text,
  user: text,
  harness: z.object({ version: text }).optional().catch(undefined),
  machine: json.optional().catch(undefined),
  suites: listOf(z.object({ id: z.string(), community: text, classification: text, sha256: text, cases: count.optional() })),
  models: listOf(z.object({ id: z.string(), provider: text, hosting: text, details: json.optional().catch(undefined) })),
  energy: z.object({ carbonIntensityGPerKwh: finite.optional().catch(undefined) }).optional().catch(undefined),
});

const percentiles = z.object({ p50: num, p95: num }).catch({ p50: null, p95: null });

/** A summary.json cell; also the shape `stats/summary.ts` produces, so both go through `cellRecord`. */
const CellSchema = z.object({
  suite: z.string(),
  community: z.string().catch(''),
  model: z.string(),
  n: count, passed: count, failed: count, errors: count,
  passRate: num,
  meanScore: num,
  latencyMs: percentiles,
  ttftMs: percentiles,
  energy: z.object({ whPerCase: num, gCo2ePerCase: num, methods: listOf(z.string()) }).optional().catch(undefined),
});

const SummarySchema = z.object({
  finishedAt: text,
  complete: z.boolean().catch(false),
  interrupted: z.boolean().catch(false),
  cells: listOf(CellSchema),
  intervals: listOf(z.looseObject({ suite: z.string(), model: z.string() })),
});

/** One host of egress.json, as `sovereignty/egress.ts` writes it. */
const EgressHostSchema = z.object({
  host: z.string().min(1),
  models: listOf(z.string()),
  suites: listOf(z.string()),
  cases: z.record(z.string(), count).catch({}),
  bytes: count.nullable().catch(null),
});

export type ParsedRun = {
  run: RunRecord;
  suites: SuiteRecord[];
  models: ModelRecord[];
  /** null when the folder has no summary.json (a run that crashed before finishing). */
  cells: CellRecord[] | null;
  egress: EgressRecord[];
  /** The run's carbon intensity, gCO2e/kWh, when the manifest records it. */
  carbonGPerKwh: number | null;
};

export const cellRecord = (runId: string, raw: unknown, intervals: unknown = null): CellRecord => {
  const c = CellSchema.parse(raw);
  return {
    runId, suiteId: c.suite, modelId: c.model, community: c.community, n: c.n, passed: c.passed, failed: c.failed, errors: c.errors,
    passRate: c.passRate, meanScore: c.meanScore, latencyP50Ms: c.latencyMs.p50, latencyP95Ms: c.latencyMs.p95, ttftP50Ms: c.ttftMs.p50,
    energyWhPerCase: c.energy?.whPerCase ?? null,
    energyMethod: c.energy && c.energy.methods.length > 0 ? c.energy.methods.join(', ') : null,
    gCo2ePerCase: c.energy?.gCo2ePerCase ?? null,
    intervals,
  };
};

/**
 * One record per host × classification. The ledger counts bytes per host only: they go with the
 * classification when the host received a single one; otherwise on a row of their own with no
 * classification and no case, so the host's total is kept without inventing a split. Suite and
 * model are set only when the host served exactly one.
 */
const parseEgress = (runId: string, raw: unknown): EgressRecord[] =>
  listOf(EgressHostSchema).parse((raw as { hosts?: unknown } | null)?.hosts).flatMap((h) => {
    const base = { runId, host: h.host, suiteId: h.suites.length === 1 ? h.suites[0]! : null, modelId: h.models.length === 1 ? h.models[0]! : null };
    const perClass = Object.entries(h.cases).filter(([, n]) => n > 0);
    if (perClass.length === 1) return [{ ...base, classification: perClass[0]![0], cases: perClass[0]![1], bytes: h.bytes }];
    const rows: EgressRecord[] = perClass.map(([classification, cases]) => ({ ...base, classification, cases, bytes: null }));
    return h.bytes === null || h.bytes === 0 ? rows : [...rows, { ...base, classification: null, cases: 0, bytes: h.bytes }];
  });

export const parseRunFiles = (files: { manifest: unknown; summary: unknown; egress: unknown; runDir: string | null }): ParsedRun => {
  const parsed = ManifestSchema.safeParse(files.manifest);
  if (!parsed.success) {
    throw new HarnessError('invalid-input', `manifest.json sans identifiant ni date de campagne${files.runDir ? ` : ${files.runDir}` : ''}`, {
      hint: 'ce dossier n’a pas été écrit par bac-à-sable run',
    });
  }
  const m = parsed.data;
  const summary = files.summary === null ? null : SummarySchema.parse(files.summary);
  const who = m.who ?? m.user ?? (typeof m.machine?.user === 'string' ? m.machine.user : null);
  const intervalsOf = (suite: string, model: string) => summary?.intervals.find((i) => i.suite === suite && i.model === model) ?? null;
  return {
    run: {
      runId: m.runId, createdAt: m.createdAt, finishedAt: summary?.finishedAt ?? null, harnessVersion: m.harness?.version ?? null, who,
      machine: m.machine ?? null, manifest: files.manifest as Record<string, unknown>,
      complete: summary?.complete ?? false, interrupted: summary?.interrupted ?? false, runDir: files.runDir,
    },
    suites: m.suites.map((s) => ({
      runId: m.runId, suiteId: s.id, community: s.community ?? '', classification: s.classification ?? null, sha256: s.sha256 ?? null, cases: s.cases ?? null,
    })),
    models: m.models.map((x) => ({ runId: m.runId, modelId: x.id, provider: x.provider ?? null, hosting: x.hosting ?? null, identity: x.details ?? null })),
    cells: summary ? summary.cells.map((c) => cellRecord(m.runId, c, intervalsOf(c.suite, c.model))) : null,
    egress: files.egress === null ? [] : parseEgress(m.runId, files.egress),
    carbonGPerKwh: m.energy?.carbonIntensityGPerKwh ?? null,
  };
};
