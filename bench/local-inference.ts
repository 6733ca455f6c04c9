/**
 * Benchmark 3, local inference: 100 prompts × 32 tokens on stories260K through the harness (a
 * `gguf` model, threads 1, temperature 0) against a bare node-llama-cpp loop doing the same
 * generations. Compares the sum of the harness's per-case `latencyMs` (results.jsonl) with the bare
 * loop's per-prompt times, and the whole wall times (model loading and the run folder included).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { REPO_ROOT, runCli, runNode } from './lib/child.js';
import { mb, ms, num, s, table, times } from './lib/format.js';
import { median, ratio, round } from './lib/stats.js';
import type { Benchmark, TargetCheck } from './lib/types.js';

const PROMPTS = 100;
const MAX_TOKENS = 32;
const TARGET = 1.05;
const MODEL_FILE = 'stories260K.gguf';
const BARE = fileURLToPath(new URL('./workers/bare-llama.mjs', import.meta.url));

/** English story openings (the model only knows TinyStories), all different. */
const prompts = (): string[] => {
  const who = ['a little girl named Lily', 'a boy named Tim', 'a big dog', 'a small cat', 'a kind bird'];
  const where = ['in a small house', 'near the park', 'by the sea', 'in the forest'];
  const what = ['loved to play', 'wanted a red ball', 'was very sad', 'found a shiny box', 'liked to help'];
  const out: string[] = [];
  for (const a of who) for (const b of where) for (const c of what) out.push(`Once upon a time, there was ${a} ${b}. It ${c}`);
  return out.slice(0, PROMPTS);
};

/** stories260K from the shared folder next to the checkout, or BAC_A_SABLE_MODELS_PATH. */
const findModel = (): string => {
  const dirs = [resolve(REPO_ROOT, '..', 'shared', 'models'), ...(process.env.BAC_A_SABLE_MODELS_PATH ?? '').split(':').filter(Boolean)];
  const found = dirs.map((d) => join(d, MODEL_FILE)).find((f) => existsSync(f));
  if (!found) throw new Error(`${MODEL_FILE} introuvable (cherché dans ${dirs.join(', ')})`);
  return found;
};

type HarnessRun = { wallMs: number; peakRssMb: number; sumLatencyMs: number; medianPromptMs: number; outputTokens: number; outputs: string[]; perPromptMs: number[] };
type BareRun = { wallMs: number; peakRssMb: number; loadMs: number; sumPromptMs: number; medianPromptMs: number; outputTokens: number; outputs: string[]; perPromptMs: number[] };
export type InferenceData = {
  prompts: number;
  maxTokens: number;
  runs: number;
  harness: { runs: Omit<HarnessRun, 'outputs' | 'perPromptMs'>[]; wallMs: number; peakRssMb: number; sumLatencyMs: number; medianPromptMs: number; outputTokens: number };
  bare: { runs: Omit<BareRun, 'outputs' | 'perPromptMs'>[]; wallMs: number; peakRssMb: number; loadMs: number; sumPromptMs: number; medianPromptMs: number; outputTokens: number };
  generationRatio: number;
  /** Median over prompts and rounds of harness time / bare time for the same prompt in the same round. */
  pairedPromptRatio: number;
  wallRatio: number;
  identicalOutputs: number;
};

const writeProject = (model: string, list: string[]): { dir: string; suite: string; config: string } => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gguf-'));
  mkdirSync(join(dir, 'models'));
  copyFileSync(model, join(dir, 'models', MODEL_FILE));
  writeFileSync(join(dir, 'cases.jsonl'), list.map((q, i) => JSON.stringify({ id: `p${String(i).padStart(3, '0')}`, vars: { q } })).join('\n'));
  const suite = join(dir, 'suite.yaml');
  writeFileSync(
    suite,
    `id: bench-gguf\ntitle: Banc d’inférence locale\ncommunity: bench\nclassification: public\nprompt: "{{q}}"\noptions: { temperature: 0, maxTokens: ${MAX_TOKENS} }\ndefaultTest:\n  assert: [{ type: length, min: 1 }]\ntests: cases.jsonl\n`,
  );
  const config = join(dir, 'config.yaml');
  writeFileSync(config, 'models:\n  - { id: stories, provider: gguf, model: stories260K, mode: completion, threads: 1, hosting: local }\ndefaults:\n  models: [stories]\n');
  return { dir, suite, config };
};

type Line = { caseId: string; status: string; output: string | null; latencyMs: number | null; tokens: { output: number } | null };

const harnessRun = async (project: { dir: string; suite: string; config: string }, k: number): Promise<HarnessRun> => {
  const out = join(project.dir, `r${k}`, 'runs');
  const m = await runCli(['run', '--suite', project.suite, '--config', project.config, '--out', out], { cwd: project.dir });
  const [runId] = readdirSync(out);
  const lines = readFileSync(join(out, runId!, 'results.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line)
    .sort((a, b) => a.caseId.localeCompare(b.caseId));
  const errors = lines.filter((l) => l.status === 'error');
  if (lines.length !== PROMPTS || errors.length > 0) throw new Error(`campagne GGUF : ${lines.length} résultats, ${errors.length} erreurs`);
  return {
    wallMs: round(m.wallMs, 1),
    peakRssMb: round(m.peakRssMb ?? Number.NaN, 1),
    sumLatencyMs: round(lines.reduce((a, l) => a + (l.latencyMs ?? 0), 0), 1),
    medianPromptMs: round(median(lines.map((l) => l.latencyMs ?? Number.NaN)), 2),
    outputTokens: lines.reduce((a, l) => a + (l.tokens?.output ?? 0), 0),
    outputs: lines.map((l) => l.output ?? ''),
    perPromptMs: lines.map((l) => l.latencyMs ?? Number.NaN),
  };
};

const bareRun = async (model: string, promptsFile: string): Promise<BareRun> => {
  const m = await runNode(BARE, [model, promptsFile, String(MAX_TOKENS)]);
  const r = JSON.parse(m.stdout) as { loadMs: number; perPromptMs: number[]; outputs: string[]; outputTokens: number[] };
  return {
    wallMs: round(m.wallMs, 1),
    peakRssMb: round(m.peakRssMb ?? Number.NaN, 1),
    loadMs: round(r.loadMs, 1),
    sumPromptMs: round(r.perPromptMs.reduce((a, b) => a + b, 0), 1),
    medianPromptMs: round(median(r.perPromptMs), 2),
    outputTokens: r.outputTokens.reduce((a, b) => a + b, 0),
    outputs: r.outputs,
    perPromptMs: r.perPromptMs,
  };
};

const strip = <T extends { outputs: string[]; perPromptMs: number[] }>({ outputs: _o, perPromptMs: _p, ...rest }: T): Omit<T, 'outputs' | 'perPromptMs'> => rest;

export const localInference: Benchmark<InferenceData> = {
  name: 'inference',
  title: '3. Inférence locale (stories260K, 100 invites × 32 jetons)',
  command: 'npm run bench -- inference',
  async run({ runs = 5, log }) {
    const model = findModel();
    const list = prompts();
    const project = writeProject(model, list);
    const promptsFile = join(project.dir, 'prompts.json');
    writeFileSync(promptsFile, JSON.stringify(list));
    const h: HarnessRun[] = [];
    const b: BareRun[] = [];
    try {
      for (let k = 0; k < runs; k++) {
        if (k % 2 === 0) {
          h.push(await harnessRun(project, k));
          b.push(await bareRun(model, promptsFile));
        } else {
          b.push(await bareRun(model, promptsFile));
          h.push(await harnessRun(project, k));
        }
        log(`tour ${k + 1}/${runs} : Σ latencyMs harnais ${Math.round(h.at(-1)!.sumLatencyMs)} ms / Σ nu ${Math.round(b.at(-1)!.sumPromptMs)} ms`);
      }
    } finally {
      rmSync(project.dir, { recursive: true, force: true });
    }
    const med = <T>(xs: T[], f: (x: T) => number) => round(median(xs.map(f)), 1);
    const sumLatencyMs = med(h, (x) => x.sumLatencyMs);
    const sumPromptMs = med(b, (x) => x.sumPromptMs);
    const harnessWall = med(h, (x) => x.wallMs);
    const bareWall = med(b, (x) => x.wallMs);
    const identicalOutputs = h[0]!.outputs.filter((o, i) => o === b[0]!.outputs[i]).length;
    const paired = h.flatMap((x, k) => x.perPromptMs.map((t, i) => t / b[k]!.perPromptMs[i]!));
    const data: InferenceData = {
      prompts: PROMPTS,
      maxTokens: MAX_TOKENS,
      runs,
      harness: { runs: h.map(strip), wallMs: harnessWall, peakRssMb: med(h, (x) => x.peakRssMb), sumLatencyMs, medianPromptMs: round(median(h.map((x) => x.medianPromptMs)), 2), outputTokens: h[0]!.outputTokens },
      bare: { runs: b.map(strip), wallMs: bareWall, peakRssMb: med(b, (x) => x.peakRssMb), loadMs: med(b, (x) => x.loadMs), sumPromptMs, medianPromptMs: round(median(b.map((x) => x.medianPromptMs)), 2), outputTokens: b[0]!.outputTokens },
      generationRatio: round(ratio(sumLatencyMs, sumPromptMs)),
      pairedPromptRatio: round(median(paired)),
      wallRatio: round(ratio(harnessWall, bareWall)),
      identicalOutputs,
    };
    const targets: TargetCheck[] = [
      { label: 'temps de génération (Σ latencyMs / Σ boucle nue)', target: `≤ ${num(TARGET, 2)} ×`, value: times(data.generationRatio, 3), met: data.generationRatio <= TARGET },
      { label: 'temps de génération par invite (médiane des rapports appariés)', target: `≤ ${num(TARGET, 2)} ×`, value: times(data.pairedPromptRatio, 3), met: data.pairedPromptRatio <= TARGET },
    ];
    return { data, targets };
  },
  render(d) {
    return [
      `Harnais : \`node harness/bin.mjs run\` sur une suite de ${d.prompts} invites (température 0, maxTokens ${d.maxTokens}), modèle \`provider: gguf\`, \`threads: 1\`, mode complétion. ` +
        'Plancher : node-llama-cpp 3.21.1 seul (bench/workers/bare-llama.mjs : `getLlama({ gpu: false, build: "never", maxThreads: 1 })`, `createContext({ threads: 1 })`, une séquence réutilisée et vidée avant chaque invite comme le fait le harnais, `LlamaCompletion` sur les jetons de `model.tokenize(invite)`, donc le même travail). ' +
        `Médianes de ${d.runs} tours alternés.`,
      '',
      table(
        ['mesure', 'harnais', 'nu', 'rapport'],
        [
          ['génération : Σ des temps par invite', ms(d.harness.sumLatencyMs), ms(d.bare.sumPromptMs), times(d.generationRatio, 3)],
          ['par invite (moyenne)', ms(d.harness.sumLatencyMs / d.prompts, 2), ms(d.bare.sumPromptMs / d.prompts, 2), ''],
          ['par invite (médiane ; rapport : médiane des rapports appariés invite par invite)', ms(d.harness.medianPromptMs, 2), ms(d.bare.medianPromptMs, 2), times(d.pairedPromptRatio, 3)],
          ['durée totale du processus', s(d.harness.wallMs), s(d.bare.wallMs), times(d.wallRatio)],
          ['pic RSS', mb(d.harness.peakRssMb), mb(d.bare.peakRssMb), times(d.harness.peakRssMb / d.bare.peakRssMb)],
          ['jetons générés (total)', num(d.harness.outputTokens, 0), num(d.bare.outputTokens, 0), ''],
        ],
      ),
      '',
      `Chargement du modèle dans la boucle nue : ${ms(d.bare.loadMs)}. Sorties identiques entre harnais et boucle nue : ${d.identicalOutputs}/${d.prompts}.`,
    ].join('\n');
  },
};
