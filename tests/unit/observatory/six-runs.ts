/**
 * A constructed history: six runs over three months (March to May 2026), two communities
 * (traduction: fr-es, assistants: accuse), two candidate models and the `reference` calibration
 * baseline, 20 cases each. Model "mistral" regresses on fr-es in the fifth run, the run where the
 * fr-es suite file changed (sha256).
 */
import { createMemoryStore } from '../../../harness/store/observatory/memory.js';
import type { CaseRecord, CellRecord, ObservatoryStore, RunBundle } from '../../../harness/store/observatory/types.js';

const MODELS = [
  { modelId: 'mistral', provider: 'mistral', hosting: 'eu-cloud' },
  { modelId: 'qwen', provider: 'ollama', hosting: 'local' },
  { modelId: 'reference', provider: 'reference', hosting: 'local' },
];
const SUITES = [{ suiteId: 'fr-es', community: 'traduction' }, { suiteId: 'accuse', community: 'assistants' }];

/** Passed cases out of 20 per run, suite, model: mistral drops on fr-es in the fifth run. */
const PASSED: Record<string, number[]> = {
  'fr-es/mistral': [18, 18, 19, 18, 8, 9],
  'fr-es/qwen': [12, 13, 12, 14, 13, 14],
  'accuse/mistral': [15, 16, 16, 17, 17, 17],
  'accuse/qwen': [10, 10, 11, 11, 12, 12],
  'fr-es/reference': [20, 20, 20, 20, 20, 20],
  'accuse/reference': [20, 20, 20, 20, 20, 20],
};
const DATES = ['2026-03-02', '2026-03-23', '2026-04-06', '2026-04-27', '2026-05-11', '2026-05-29'];
const N = 20;

export const runBundle = (i: number): RunBundle => {
  const runId = `${DATES[i]!.replaceAll('-', '')}-080000-00${i}`;
  const createdAt = `${DATES[i]}T08:00:00.000Z`;
  const cells: CellRecord[] = [];
  const cases: CaseRecord[] = [];
  for (const s of SUITES) {
    for (const m of MODELS) {
      const passed = PASSED[`${s.suiteId}/${m.modelId}`]![i]!;
      cells.push({
        runId, suiteId: s.suiteId, modelId: m.modelId, community: s.community, n: N, passed, failed: N - passed, errors: 0, passRate: passed / N,
        meanScore: passed / N, latencyP50Ms: m.modelId === 'mistral' ? 800 + 10 * i : 2400, latencyP95Ms: null, ttftP50Ms: null,
        energyWhPerCase: m.hosting === 'local' ? 0.5 : 0.2, energyMethod: m.hosting === 'local' ? 'rapl' : 'ecologits-0.9', gCo2ePerCase: m.hosting === 'local' ? 0.03 : 0.012, intervals: null,
      });
      for (let k = 0; k < N; k++) {
        cases.push({ runId, suiteId: s.suiteId, modelId: m.modelId, caseId: `cas-${String(k).padStart(3, '0')}`, repeat: 1, status: k < passed ? 'passed' : 'failed', score: k < passed ? 1 : 0, latencyMs: m.modelId === 'mistral' ? 800 + 10 * i : 2400, energyJoules: null });
      }
    }
  }
  return {
    run: { runId, createdAt, finishedAt: createdAt, harnessVersion: '0.1.0', who: 'observatoire', machine: null, manifest: { runId, createdAt }, complete: true, interrupted: false, runDir: `/ailleurs/${runId}` },
    suites: SUITES.map((s) => ({ runId, suiteId: s.suiteId, community: s.community, classification: s.suiteId === 'fr-es' ? 'public' : 'interne', sha256: s.suiteId === 'fr-es' && i >= 4 ? 'f2f2f2f2f2f2f2f2' : `${s.suiteId}-v1-000000`, cases: N })),
    models: MODELS.map((m) => ({ runId, modelId: m.modelId, provider: m.provider, hosting: m.hosting, identity: null })),
    cells,
    cases,
    egress: [{ runId, host: 'api.mistral.ai', classification: 'public', suiteId: 'fr-es', modelId: 'mistral', cases: N, bytes: 4096 }],
  };
};

/** Six runs into `store` (a new memory store by default). */
export const sixRuns = async (store: ObservatoryStore = createMemoryStore()): Promise<ObservatoryStore> => {
  for (let i = 0; i < 6; i++) await store.putRun(runBundle(i));
  return store;
};

