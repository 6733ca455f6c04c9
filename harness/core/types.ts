/**
 * Data shapes shared across the harness. Plain data, no behaviour: each layer (suites, providers,
 * scorers, runner, store, report) imports these and nothing from its siblings.
 */
import type { ErrorCode, SourceLocation } from './errors.js';

export type Awaitable<T> = T | Promise<T>;

/** Sensitivity of a suite's (or case's) inputs. */
export const CLASSIFICATIONS = ['public', 'interne', 'sensible', 'personnel'] as const;
export type Classification = (typeof CLASSIFICATIONS)[number];

/** Where a model (or judge, or service) runs, from most to least sovereign. */
export const HOSTINGS = ['local', 'on-prem', 'sovereign-cloud', 'eu-cloud', 'foreign-cloud'] as const;
export type Hosting = (typeof HOSTINGS)[number];

export type Role = 'system' | 'user' | 'assistant';
export type Message = { role: Role; content: string };

/**
 * Generation parameters; a suite's options override the model's, which override the harness's
 * defaults (runner/params.ts). `stop`: sequences that end the answer (not included in it).
 */
export type GenerationParams = { temperature?: number; maxTokens?: number; seed?: number; stop?: string[] };

/** A var value as found in YAML, JSON or CSV. */
export type VarValue = string | number | boolean | null | VarValue[] | { [key: string]: VarValue };
export type Vars = Record<string, VarValue>;

/** One assertion on a case's output: `type` names a scorer of the registry (or `not-<type>`). */
export type Assertion = {
  type: string;
  value?: unknown;
  threshold?: number;
  weight?: number;
  /** Any other scorer-specific field (ignoreCase, min, max…), validated by the scorer's schema. */
  [key: string]: unknown;
};

/** A located assertion: where it was written, so scoring problems can point back. */
export type CaseAssertion = Assertion & { at?: SourceLocation };

/** One test case, after loading and applying `defaultTest`. */
export type TestCase = {
  id: string;
  description?: string;
  vars: Vars;
  reference?: string;
  assert: CaseAssertion[];
  /** If set, the case passes when the weighted mean score reaches it (else: all assertions pass). */
  threshold?: number;
  classification?: Classification;
  /** Where the case was written: the suite or dataset file and its line. */
  source: SourceLocation;
};

/** How to build the request for a case: a template or a list of message templates. */
export type PromptSpec =
  | { kind: 'template'; template: string; system?: string }
  | { kind: 'messages'; messages: Message[]; system?: string };

export type Suite = {
  id: string;
  title: string;
  community: string;
  /** Display name of the community in reports (« Chatbot RH / DSN »). */
  communityTitle?: string;
  classification: Classification;
  description?: string;
  prompt: PromptSpec;
  options: GenerationParams;
  cases: TestCase[];
  /** Absolute path of the suite file. */
  file: string;
  /** sha256 of the suite file and every dataset it reads, in order. */
  hash: string;
  /** Number of cases read (equals `cases.length` unless the loader was asked not to keep them). */
  caseCount?: number;
  /** Real paths (links followed) of the dataset files the suite reads. */
  datasets?: string[];
  /** Target pass rate declared by the community (0..1), used by recommendations. */
  target?: number;
  /** Non-inferiority margin δ of the verdict, in percentage points (stats/verdict.ts). */
  margin?: number;
  /** Mask personal data before requests leave this machine (true), never (false), or per policy. */
  redact?: boolean;
  /** Judge models (ids of the config) for model-graded scorers; absent: the config's default. */
  judges?: string[];
  /** Quality gates every candidate must meet on this suite, or the campaign exits 4 (commands/gates.ts). */
  gates?: {
    /** Minimum pass rate, 0..1. */
    minPassRate?: number;
    /** Minimum lower bound of the pass rate's confidence interval, 0..1. */
    minLowerBound?: number;
    /** Maximum mean energy per request, in Wh. */
    maxWhPerRequest?: number;
    /** Maximum drop of the pass rate against `--baseline`, in percentage points. */
    maxRegressionPoints?: number;
  };
};

/** One judge's verdict inside a model-graded score (several judges → agreement statistics). */
export type JudgeVerdict = { judge: string; score: number; pass: boolean; reason: string };

/**
 * A score from one scorer on one output. `value` in 0..1; `null` means not applicable. `error` is
 * set when the scorer could not give a verdict (judge unavailable, malformed verdict): the case
 * then ends as an error, never as a silent pass or fail.
 */
export type Score = {
  type: string;
  value: number | null;
  pass: boolean;
  reason: string;
  judges?: JudgeVerdict[];
  error?: { code: import('./errors.js').ErrorCode; message: string };
  /** `classification` only: the declared labels, the expected one and the one the answer gave (null: none or several). */
  labels?: { declared: string[]; expected: string; predicted: string | null };
};

/** What the judges of one case cost (counted in the run's totals). */
export type JudgeUsage = { calls: number; inputTokens: number; outputTokens: number; latencyMs: number; models: string[] };

export type TokenUsage = { input: number; output: number; estimated: boolean };

/**
 * Energy attributed to one case. `joules` is null when unknown (never 0 for unknown);
 * `measured` is false for every estimate; `band` is the [low, high] range of the true value.
 */
export type EnergyReading = {
  joules: number | null;
  /** How it was obtained, e.g. `cpu-time-share+ram-dimm-model` or `ecologits-0.9.1`. */
  method: string;
  measured: boolean;
  /** [low, high] of the true value, in joules. */
  band?: [number, number];
  reason?: string;
  /** When `joules` is null: the configuration entry that would make it known (e.g. `energy.modelSizes`, key = model name). */
  missing?: { setting: string; key: string };
  /** What the number covers: `process-tree`, `machine`, `request`. */
  scope?: string;
  /** Gross joules per component (cpu, gpu, ram, remote), for emissions.csv. */
  components?: Partial<Record<'cpu' | 'gpu' | 'ram' | 'remote', number | null>>;
  /** Remote estimates: EcoLogits midpoints before PUE, kWh (emissions.csv columns). */
  ecologits?: { serverKwh: number; gpuKwh: number; pue: number; gwpKg: number };
  /** Window edges on the run's monotonic clock, ms (local measurements). */
  windowMs?: [number, number];
  /** True when the case shared its window with other cases and got an allocated share. */
  allocated?: boolean;
  /** Gross minus the idle baseline (energy caused by the model), when a baseline was measured. */
  netJoules?: number | null;
  /** gCO2e of `joules` at the carbon intensity of where it was spent (CodeCarbon's table). */
  co2eG?: number | null;
  /** ISO code of that electricity mix (FRA here; the provider's zone for remote APIs). */
  zone?: string;
};

/** Energy of one suite × model cell (summary.json). Every figure carries its method(s). */
export type CellEnergy = {
  /** Cases with a known energy. */
  known?: number;
  whPerCase: number | null;
  whPerCaseP50?: number | null;
  jPerOutputToken: number | null;
  whPer1000OutputTokens: number | null;
  whPer1000Queries?: number | null;
  gCo2ePerCase: number | null;
  gCo2ePerSuite: number | null;
  methods: string[];
  measured: boolean;
  /** [low, high] Wh per case. */
  band?: [number, number];
  /**
   * Mean Wh per case by component over the cases whose energy is known (gross, CodeCarbon
   * semantics): shows how much of a local figure is the RAM term, which does not depend on the model.
   */
  components?: { cpuWh: number | null; gpuWh: number | null; ramWh: number | null; remoteWh: number | null };
  /** Cases whose energy is unknown, grouped by reason, each with the missing fact and how to give it (French). */
  unknown?: { reason: string; cases: number; missing: { setting: string; key: string } | null; fix: string }[];
};

/** Classification figures of a cell (scikit-learn conventions: labels = declared, zero_division = 0). */
export type CellClassification = {
  labels: string[];
  n: number;
  accuracy: number | null;
  macroF1: number | null;
  microF1: number | null;
  perLabel: { label: string; support: number; predicted: number; precision: number; recall: number; f1: number }[];
};

/** Corpus chrF / chrF++ / BLEU / TER of a translation cell, sacreBLEU's 0–100 scale (TER: lower is better). */
export type CorpusMetrics = {
  /** Segments in the corpus (cases × repeats with a reference). */
  segments: number;
  /** Of which had no output (error): counted as an empty translation. */
  emptyOutputs: number;
  chrF: number;
  chrFpp: number;
  bleu: number;
  ter: number;
  /** sacreBLEU signature string of each figure's settings. */
  signatures: { chrF: string; chrFpp: string; bleu: string; ter: string };
};

type ResultBase = {
  runId: string;
  suite: string;
  community: string;
  caseId: string;
  model: string;
  repeat: number;
  vars: Vars;
  reference: string | null;
  /** Rendered request, as sent (after any redaction). */
  prompt: string;
  latencyMs: number | null;
  ttftMs: number | null;
  tokens: TokenUsage | null;
  source: { file: string; line: number };
  startedAt: string;
  energy?: EnergyReading;
  cached?: boolean;
  /** Exact model identity reported by the provider (name, digest or version). */
  modelIdentity?: string;
  /** Retrieved passages, when the provider returns them (RAG). */
  contexts?: string[];
  /** Provider's own timings (Ollama, llama.cpp), in ms. */
  backendTimings?: Record<string, number>;
  /** Calls made to LLM judges while scoring this case. */
  judgeUsage?: JudgeUsage;
  /** Generation parameters sent with the request (suite's, else model's, else the harness's defaults). */
  params?: GenerationParams;
  /** The answer was cut by the token limit (`finish_reason: length` or the provider's equivalent). */
  truncated?: true;
  /** Output tokens after the first over the time from the first token to the last (streamed, counted by the provider). */
  tokensPerS?: number;
};

export type CaseResult =
  | (ResultBase & {
      status: 'passed' | 'failed';
      output: string;
      scores: Score[];
      /** Weighted mean of the non-null scores, 0..1 (null if none applied). */
      score: number | null;
      error: null;
    })
  | (ResultBase & {
      status: 'error';
      output: string | null;
      scores: Score[];
      score: null;
      error: { code: ErrorCode; message: string };
    });

export type CaseStatus = CaseResult['status'];

export type Percentiles = { p50: number | null; p95: number | null };

/** One suite × model aggregate of `summary.json`. */
export type SummaryCell = {
  suite: string;
  community: string;
  model: string;
  n: number;
  passed: number;
  failed: number;
  errors: number;
  passRate: number | null;
  meanScore: number | null;
  latencyMs: Percentiles;
  ttftMs: Percentiles;
  /** Median generation speed (output tokens/s after the first token) over the `n` cases where it was measurable. */
  tokensPerS?: { p50: number | null; n: number };
  /** Answers cut by the token limit (they may fail for being incomplete). */
  truncated?: number;
  tokens: { input: number; output: number; estimated: boolean };
  energy?: CellEnergy;
  /** Judges' cost for this cell (counted in the run's totals). */
  judges?: { calls: number; inputTokens: number; outputTokens: number; latencyMs: number };
  /** A calibration baseline's cell (stats/calibration.ts): shown apart, never in a verdict or a total. */
  calibration?: true;
  /** Translation cells (chrF, BLEU or TER assertions): corpus figures beside the per-case pass rate. */
  translation?: CorpusMetrics;
  /** Classification cells: accuracy, macro- and micro-F1 over the declared labels, and the per-label table. */
  classification?: CellClassification;
};

export type RunSummary = {
  runId: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  complete: boolean;
  interrupted: boolean;
  cells: SummaryCell[];
  totals: { n: number; passed: number; failed: number; errors: number; judges?: { calls: number; inputTokens: number; outputTokens: number }; energyWh?: number };
};
