/**
 * Lenient parsing of run-folder files into `view-types.ts` shapes. These files are written by the
 * harness, not by people, and several parts of it are still adding fields: a field with an
 * unexpected shape is dropped (the page then shows « — ») instead of failing the whole report.
 */
import { z } from 'zod';
import type {
  CellEnergy, CellIntervals, Comparison, EgressLedger, Interval, ManifestEnergy, ManifestModel, ManifestSuite,
  Recommendations, ReportCell, ReportManifest, ReportSummary, ResultEnergy, VerdictsData,
} from './view-types.js';

/** Keeps the items of an array that match `item`; anything else becomes []. */
const listOf = <T extends z.ZodType>(item: T) =>
  z.array(z.unknown()).catch([]).transform((xs) => xs.flatMap((x) => {
    const r = item.safeParse(x);
    return r.success ? [r.data as z.output<T>] : [];
  }));

const opt = <T extends z.ZodType>(s: T) => s.optional().catch(undefined);
const num = z.number().nullable().catch(null);
const finite = z.number().refine(Number.isFinite);
const interval = z.tuple([finite, finite]) satisfies z.ZodType<Interval>;
const percentiles = z.object({ p50: num, p95: num }).catch({ p50: null, p95: null });

export const CellEnergySchema = z.object({
  whPerCase: num,
  jPerOutputToken: num,
  whPer1000OutputTokens: num,
  gCo2ePerCase: num,
  gCo2ePerSuite: num,
  methods: listOf(z.string()),
  measured: z.boolean().catch(false),
  band: opt(interval),
  components: opt(z.object({ cpuWh: num, gpuWh: num, ramWh: num, remoteWh: num })),
  unknown: opt(listOf(z.object({
    reason: z.string(), cases: z.number(), missing: z.object({ setting: z.string(), key: z.string() }).nullable().catch(null), fix: z.string(),
  }))),
}) satisfies z.ZodType<CellEnergy>;

// Corpus chrF / chrF++ / BLEU / TER of a translation cell (scorers/corpus-metrics.ts).
const TranslationSchema = z.object({
  segments: z.number(), emptyOutputs: z.number().catch(0), chrF: finite, chrFpp: finite, bleu: finite, ter: finite,
  signatures: z.object({ chrF: z.string(), chrFpp: z.string(), bleu: z.string(), ter: z.string() }),
});

const CellSchema = z.object({
  suite: z.string(),
  community: z.string().catch(''),
  model: z.string(),
  n: z.number().catch(0),
  passed: z.number().catch(0),
  failed: z.number().catch(0),
  errors: z.number().catch(0),
  passRate: num,
  meanScore: num,
  latencyMs: percentiles,
  ttftMs: percentiles,
  tokens: z.object({ input: z.number(), output: z.number(), estimated: z.boolean() }).catch({ input: 0, output: 0, estimated: true }),
  energy: opt(CellEnergySchema),
  cost: opt(z.object({ perCase: num, currency: z.string() })),
  calibration: opt(z.literal(true)),
  translation: opt(TranslationSchema),
}) satisfies z.ZodType<ReportCell>;

const IntervalsSchema = z.object({
  suite: z.string(), model: z.string(), passRate: opt(interval), meanScore: opt(interval),
  method: opt(z.string()), passRateMethod: opt(z.string()), level: opt(z.number()),
}) satisfies z.ZodType<CellIntervals>;

const ComparisonSchema = z.object({
  suite: z.string(), a: z.string(), b: z.string(), pValue: num, pAdjusted: opt(z.number().nullable()),
  tied: opt(z.boolean()), test: opt(z.string()),
}) satisfies z.ZodType<Comparison>;

const recommendation = { recommended: z.string().nullable().catch(null), mostAccurate: opt(z.string().nullable()), reason: opt(z.string()), energyHungry: opt(listOf(z.string())) };
const RecommendationsSchema = z.object({
  suites: listOf(z.object({ suite: z.string(), ...recommendation })),
  communities: listOf(z.object({ community: z.string(), ...recommendation })),
}) satisfies z.ZodType<Recommendations>;

const VerdictsSchema = z.object({
  suites: listOf(z.object({
    suite: z.string(),
    state: z.enum(['recommended', 'energy-unknown', 'indeterminate', 'insufficient', 'no-candidate']),
    recommended: z.string().nullable().catch(null),
    best: z.string().nullable().catch(null),
    goodEnough: listOf(z.string()),
    missingEnergy: listOf(z.object({ model: z.string(), missing: z.string() })),
    marginPoints: opt(z.number()),
    comparedCases: opt(z.number()),
    casesNeeded: z.number().nullable().catch(null),
    models: listOf(z.object({ model: z.string(), passRate: z.number(), passRateInterval: opt(interval), energyMissing: opt(z.string().nullable()) })),
  })),
  communities: listOf(z.object({
    community: z.string(),
    state: z.enum(['single-model', 'energy-unknown', 'per-suite', 'indeterminate', 'no-candidate']),
    model: z.string().nullable().catch(null),
    goodEverywhere: listOf(z.string()),
  })),
  calibration: opt(z.object({ models: listOf(z.string()) })),
}) satisfies z.ZodType<VerdictsData>;

const SummarySchema = z.object({
  runId: z.string().catch(''),
  startedAt: z.string().catch(''),
  finishedAt: z.string().catch(''),
  durationMs: z.number().catch(0),
  complete: z.boolean().catch(false),
  interrupted: z.boolean().catch(false),
  cells: listOf(CellSchema),
  totals: z.object({ n: z.number(), passed: z.number(), failed: z.number(), errors: z.number() }).catch({ n: 0, passed: 0, failed: 0, errors: 0 }),
  intervals: opt(listOf(IntervalsSchema)),
  comparisons: opt(listOf(ComparisonSchema)),
  recommendations: opt(RecommendationsSchema),
  verdicts: opt(VerdictsSchema),
}) satisfies z.ZodType<ReportSummary>;

const ManifestSchema = z.object({
  runId: z.string().catch(''),
  createdAt: z.string().catch(''),
  harness: opt(z.object({ name: opt(z.string()), version: opt(z.string()) })),
  runtime: opt(z.object({ node: opt(z.string()) })),
  machine: opt(z.object({
    os: opt(z.string()), cpuModel: opt(z.string().nullable()), cpuCount: opt(z.number()), ramTotalGb: opt(z.number()), hostname: opt(z.string()),
  })),
  options: opt(z.object({ repeat: opt(z.number()), concurrency: opt(z.number()) })),
  suites: listOf(z.object({
    id: z.string(), title: opt(z.string()), community: opt(z.string()), communityTitle: opt(z.string()), classification: opt(z.string()), file: opt(z.string()),
    sha256: opt(z.string()), cases: opt(z.number()), target: opt(z.number()),
  }) satisfies z.ZodType<ManifestSuite>),
  models: listOf(z.object({
    id: z.string(), label: opt(z.string()), provider: opt(z.string()), hosting: opt(z.string()), details: opt(z.record(z.string(), z.unknown())),
  }) satisfies z.ZodType<ManifestModel>),
  skippedModels: listOf(z.object({ id: z.string(), reason: z.string() })),
  energy: opt(z.object({
    carbonIntensityGPerKwh: opt(z.number()), carbonIntensitySource: opt(z.string()), country: opt(z.string()), pue: opt(z.number()),
  }) satisfies z.ZodType<ManifestEnergy>),
}) satisfies z.ZodType<ReportManifest>;

const EgressSchema = z.object({
  hosts: listOf(z.object({
    host: z.string(), hosting: opt(z.string()), models: listOf(z.string()), suites: listOf(z.string()),
    cases: z.record(z.string(), z.number()).catch({}), redactions: opt(z.number()), bytes: opt(z.number()),
  })),
  refusals: listOf(z.object({ suite: z.string(), model: z.string(), cases: opt(z.number()), reason: opt(z.string()) })),
  overrides: listOf(z.object({ suite: z.string(), model: z.string(), by: opt(z.string()), at: opt(z.string()) })),
}) satisfies z.ZodType<EgressLedger>;

const ResultEnergySchema = z.object({
  joules: z.number().nullable().catch(null),
  method: z.string().catch('inconnue'),
  measured: z.boolean().catch(false),
  band: opt(interval),
  reason: opt(z.string()),
}) satisfies z.ZodType<ResultEnergy>;

export const parseSummary = (raw: unknown): ReportSummary => SummarySchema.parse(raw);
export const parseManifest = (raw: unknown): ReportManifest => ManifestSchema.parse(raw);

export const parseEgress = (raw: unknown): EgressLedger => EgressSchema.parse(raw);

/** Energy of one result line, or null when absent or unreadable. */
export const parseResultEnergy = (raw: unknown): ResultEnergy | null => {
  const r = ResultEnergySchema.safeParse(raw);
  return r.success ? r.data : null;
};
