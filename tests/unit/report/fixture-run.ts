/**
 * Builds run folders for report tests: manifest.json, summary.json (from the real summary
 * collector, plus the optional energy, statistics and recommendation fields) and results.jsonl.
 * Deterministic: outcomes follow the case index, never a random draw.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CaseResult } from '../../../harness/core/types.js';
import { parseEgress, parseManifest, parseSummary } from '../../../harness/report/lenient.js';
import { createResultsDigest, type DigestLimits } from '../../../harness/report/results-digest.js';
import type { RunData } from '../../../harness/report/view-types.js';
import { createSummaryCollector } from '../../../harness/stats/summary.js';

export const HOSTILE = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '[lien](javascript:window.__pwned=1)',
  '<a href="javascript:window.__pwned=1">cliquez</a>',
  '</textarea><script>window.__pwned=1</script>',
  '{{constructor.constructor "window.__pwned=1"}}',
] as const;

export const HOSTILE_MODEL = '<img src=x onerror="window.__pwned=1">';

export type ModelSpec = { id: string; label: string; hosting: string; passEvery: number; whPerCase: number; method: string; measured: boolean; latencyMs: number; provider?: string };

export const MODELS: ModelSpec[] = [
  { id: 'apertium-fr-es', label: 'Apertium fr-es', hosting: 'local', passEvery: 4, whPerCase: 0.002, method: 'cpu-time-share', measured: false, latencyMs: 40 },
  { id: 'qwen2.5:7b', label: 'Qwen 2.5 7B', hosting: 'on-prem', passEvery: 5, whPerCase: 0.8, method: 'rapl', measured: true, latencyMs: 2400 },
  { id: 'mistral-small-latest', label: 'Mistral Small', hosting: 'eu-cloud', passEvery: 10, whPerCase: 0.04, method: 'ecologits-0.9.1', measured: false, latencyMs: 900 },
  { id: HOSTILE_MODEL, label: HOSTILE_MODEL, hosting: 'foreign-cloud', passEvery: 3, whPerCase: 0.3, method: 'ecologits-0.9.1', measured: false, latencyMs: 1500 },
];

export const SUITES = [
  { id: 'traduction-fr-es', title: 'Traduction français → espagnol', community: 'traduction', classification: 'public' },
  { id: 'accuse-reception', title: 'Accusé de réception <b>urgent</b>', community: 'assistants-administratifs', classification: 'interne' },
  { id: 'resume-courrier', title: 'Résumé de courrier', community: 'assistants-administratifs', classification: 'personnel' },
];

export type FixtureOptions = {
  casesPerSuite?: number;
  energy?: boolean;
  stats?: boolean;
  egress?: boolean;
  hostile?: boolean;
  /** Characters of filler appended to every output (size checks). */
  outputChars?: number;
  models?: ModelSpec[];
};

const RUN_ID = '20261129-031522-a3f9';

/** An egress.json as sovereignty/egress.ts writes it, with a hostile host name and requester. */
export const EGRESS = {
  runId: RUN_ID,
  policy: {},
  overrides: [{ suite: 'resume-courrier', model: HOSTILE_MODEL, by: 'cheffe <script>window.__pwned=1</script>', at: '2026-11-29T02:10:00.000Z' }],
  refusals: [{ suite: 'resume-courrier', model: 'mistral-small-latest', cases: 12, reason: 'données « personnel » non autorisées vers « Cloud européen »' }],
  hosts: [
    { host: 'ce poste (local)', hosting: 'local', models: ['apertium-fr-es'], suites: SUITES.map((s) => s.id), cases: { public: 12, interne: 12, personnel: 12 }, redactions: 0, bytes: 0 },
    { host: '10.0.0.5:11434', hosting: 'on-prem', models: ['qwen2.5:7b'], suites: SUITES.map((s) => s.id), cases: { public: 12, interne: 12, personnel: 12 }, redactions: 0, bytes: 0 },
    { host: 'api.mistral.ai', hosting: 'eu-cloud', models: ['mistral-small-latest'], suites: ['traduction-fr-es', 'accuse-reception'], cases: { public: 12, interne: 12 }, redactions: 2, bytes: 48_000 },
    { host: '<script>window.__pwned=1</script>', hosting: 'foreign-cloud', models: [HOSTILE_MODEL], suites: ['resume-courrier'], cases: { personnel: 12 }, redactions: 5, bytes: 12_345 },
  ],
};

/** Outcome of case `i` for a model: a failure every `passEvery` cases, an error every 17. */
const outcome = (m: ModelSpec, i: number): CaseResult['status'] => (i % 17 === 16 ? 'error' : i % m.passEvery === 0 ? 'failed' : 'passed');

export const buildResults = (opts: FixtureOptions = {}): CaseResult[] => {
  const n = opts.casesPerSuite ?? 12;
  const models = opts.models ?? MODELS;
  const filler = 'x'.repeat(opts.outputChars ?? 0);
  const results: CaseResult[] = [];
  for (const suite of SUITES) {
    for (const m of models) {
      for (let i = 0; i < n; i++) {
        const hostile = opts.hostile !== false ? HOSTILE[i % HOSTILE.length]! : '';
        const status = outcome(m, i);
        const base = {
          runId: RUN_ID, suite: suite.id, community: suite.community, caseId: `cas-${String(i + 1).padStart(3, '0')}`, model: m.id, repeat: 1,
          vars: { texte: `Demande ${i + 1} ${hostile}` }, reference: `Réponse attendue ${i + 1} ${hostile}`,
          prompt: `Traduis ou réponds : demande ${i + 1} ${hostile}`,
          latencyMs: m.latencyMs * (1 + (i % 7) / 10), ttftMs: m.latencyMs / 4, tokens: { input: 40, output: 60, estimated: false },
          source: { file: `suites/${suite.community}/${suite.id}.yaml`, line: 10 + i }, startedAt: '2026-11-29T02:15:22.000Z',
          modelIdentity: `${m.id}@sha256:abc${i % 2}`,
          ...(opts.energy !== false ? { energy: { joules: m.whPerCase * 3600, method: m.method, measured: m.measured } } : {}),
        };
        if (status === 'error') {
          results.push({ ...base, status, output: null, scores: [], score: null, error: { code: 'timeout', message: `délai dépassé ${hostile}` } });
        } else {
          const pass = status === 'passed';
          results.push({
            ...base, status, output: `Sortie du modèle ${i + 1} ${hostile}${filler}`, score: pass ? 0.9 : 0.3, error: null,
            scores: [{ type: 'icontains', value: pass ? 1 : 0, pass, reason: `${pass ? 'contient' : 'ne contient pas'} « mot » ${hostile}` }, { type: 'chrf', value: null, pass: true, reason: 'sans objet' }],
          });
        }
      }
    }
  }
  return results;
};

export const buildManifest = (opts: FixtureOptions = {}) => ({
  runId: RUN_ID,
  createdAt: '2026-11-29T02:15:22.000Z',
  harness: { name: 'bac-a-sable', version: '0.1.0' },
  runtime: { node: 'v20.20.2' },
  machine: { os: 'Linux-6.1-x64', cpuModel: 'AMD EPYC', cpuCount: 2, ramTotalGb: 23.54, hostname: 'vm' },
  config: 'bac-a-sable.config.yaml',
  options: { repeat: 1 },
  suites: SUITES.map((s, i) => ({ ...s, file: `suites/${s.community}/${s.id}.yaml`, sha256: `${i}`.repeat(64), cases: opts.casesPerSuite ?? 12, ...(s.id === 'traduction-fr-es' ? { target: 0.7 } : {}) })),
  models: (opts.models ?? MODELS).map((m) => ({ id: m.id, label: m.label, provider: m.provider ?? 'openai', hosting: m.hosting, options: {}, settings: {}, details: { version: '1.0', digest: `sha256:${m.id}` } })),
  skippedModels: [{ id: 'gpt-4o', reason: 'clé OPENAI_API_KEY absente <script>window.__pwned=1</script>' }],
  plan: {},
});

export const buildSummary = (results: CaseResult[], opts: FixtureOptions = {}) => {
  const collector = createSummaryCollector();
  for (const r of results) collector.add(r);
  const summary = collector.summary(RUN_ID, '2026-11-29T02:15:22.000Z', { finishedAt: '2026-11-29T03:40:00.000Z', durationMs: 5_078_000, complete: true, interrupted: false });
  const models = opts.models ?? MODELS;
  const cells = summary.cells.map((c) => {
    const m = models.find((x) => x.id === c.model)!;
    return opts.energy === false ? c : {
      ...c,
      energy: {
        whPerCase: m.whPerCase, jPerOutputToken: (m.whPerCase * 3600) / 60, whPer1000OutputTokens: (m.whPerCase * 1000) / 60,
        gCo2ePerCase: (m.whPerCase / 1000) * 56.039, gCo2ePerSuite: (m.whPerCase / 1000) * 56.039 * c.n, methods: [m.method], measured: m.measured,
        ...(m.measured ? { band: [m.whPerCase * 0.9, m.whPerCase * 1.1] } : {}),
      },
    };
  });
  if (!opts.stats) return { ...summary, cells };
  return {
    ...summary, cells,
    intervals: cells.map((c) => ({ suite: c.suite, model: c.model, passRate: [Math.max(0, (c.passRate ?? 0) - 0.15), Math.min(1, (c.passRate ?? 0) + 0.1)], method: 'wilson', level: 0.95 })),
    comparisons: [{ suite: 'traduction-fr-es', a: 'apertium-fr-es', b: 'qwen2.5:7b', pValue: 0.41, pAdjusted: 0.82, tied: true, test: 'mcnemar' }],
    recommendations: {
      suites: [{ suite: 'traduction-fr-es', recommended: 'apertium-fr-es', mostAccurate: 'mistral-small-latest', reason: 'à égalité statistique avec le meilleur, pour 20 fois moins d’énergie' }],
      communities: [
        { community: 'traduction', recommended: 'apertium-fr-es', mostAccurate: 'mistral-small-latest', reason: 'Apertium fr-es est statistiquement à égalité avec le meilleur modèle testé, pour 20 fois moins d’énergie.', energyHungry: ['qwen2.5:7b'] },
      ],
    },
  };
};

/** Writes a complete run folder into `dir` and returns it. */
export const writeRunFixture = (dir: string, opts: FixtureOptions = {}): string => {
  mkdirSync(dir, { recursive: true });
  const results = buildResults(opts);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(buildManifest(opts), null, 2));
  writeFileSync(join(dir, 'summary.json'), JSON.stringify(buildSummary(results, opts), null, 2));
  writeFileSync(join(dir, 'results.jsonl'), results.map((r) => JSON.stringify(r)).join('\n') + '\n');
  if (opts.egress) writeFileSync(join(dir, 'egress.json'), JSON.stringify(EGRESS, null, 2));
  return dir;
};

/** The same run, in memory, as `loadRun` would return it (for view-model tests). */
export const buildRunData = (opts: FixtureOptions & { limits?: DigestLimits; mutateSummary?: (s: Record<string, unknown>) => void } = {}): RunData => {
  const results = buildResults(opts);
  const summary = JSON.parse(JSON.stringify(buildSummary(results, opts))) as Record<string, unknown>;
  opts.mutateSummary?.(summary);
  const digest = createResultsDigest(opts.limits);
  for (const r of results) digest.add(r);
  return {
    runDir: '/tmp/campagne',
    manifest: parseManifest(JSON.parse(JSON.stringify(buildManifest(opts)))),
    summary: parseSummary(summary),
    digest: digest.digest(),
    egress: opts.egress ? parseEgress(JSON.parse(JSON.stringify(EGRESS))) : null,
    files: { csv: 'results.csv', jsonl: 'results.jsonl' },
  };
};
