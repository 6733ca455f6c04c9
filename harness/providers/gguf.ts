/**
 * `provider: gguf`: a GGUF model run inside the harness process with node-llama-cpp, on the CPU,
 * without any network. Loads on the first request; requests are served one at a time.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import type { GgufRuntime } from './gguf-runtime.js';
import { locateModel, sha256File, type LocatedModel } from './model-files.js';
import type { Completion, CompletionRequest, ModelBase, Provider, ProviderDefinition, ProviderDeps } from './types.js';

export const GgufConfigSchema = z.strictObject({
  /** A catalogue name (`stories260K`) or a path to a .gguf file, relative to the project root. */
  model: z.string().min(1),
  /** Where catalogue models live; default `models` under the project root. */
  modelsDir: z.string().min(1).optional(),
  /** `auto`: chat when the GGUF has a chat template, plain completion otherwise. */
  mode: z.enum(['auto', 'chat', 'completion']).optional(),
  contextSize: z.number().int().min(32).max(1_048_576).optional(),
  /** CPU threads; 1 by default because more threads than free cores makes llama.cpp crawl. */
  threads: z.number().int().min(1).max(256).optional(),
});
export type GgufConfig = z.infer<typeof GgufConfigSchema>;

const DEFAULT_CONTEXT_SIZE = 512;
const DEFAULT_MAX_TOKENS = 128;

type Loaded = { runtime: GgufRuntime; located: LocatedModel; sha256: string; sizeBytes: number; mode: 'chat' | 'completion' };

const abortError = (signal: AbortSignal, id: string): HarnessError => {
  const reason: unknown = signal.reason;
  if (reason instanceof HarnessError) return reason;
  return reason instanceof Error && reason.name === 'TimeoutError'
    ? new HarnessError('timeout', `${id} : pas de réponse dans le délai imparti`)
    : new HarnessError('cancelled', `${id} : requête annulée`);
};

/** Any failure of the native side, as a HarnessError; an abort we asked for wins over its symptom. */
const asHarnessError = (e: unknown, signal: AbortSignal, id: string): HarnessError => {
  if (signal.aborted) return abortError(signal, id);
  if (e instanceof HarnessError) return e;
  const message = e instanceof Error ? e.message : String(e);
  return new HarnessError('provider-error', `${id} : ${message}`, { cause: e });
};

export const createGgufProvider = (model: ModelBase & GgufConfig, deps: ProviderDeps): Provider => {
  const modelsDir = path.resolve(deps.projectRoot, model.modelsDir ?? 'models');
  const threads = model.threads ?? 1;
  let loading: Promise<Loaded> | undefined;

  const load = async (): Promise<Loaded> => {
    const located = await locateModel(model.model, modelsDir, deps.projectRoot, deps.modelSearchPath ?? []);
    // Hashed once at load: the digest names the exact weights in every result (`modelIdentity`).
    const [sha256, info] = await Promise.all([sha256File(located.path), stat(located.path)]);
    if (located.entry && located.entry.sha256 !== sha256) {
      throw new HarnessError('bad-response', `${located.path} : le fichier ne correspond pas au modèle ${located.entry.name} du catalogue (sha256 ${sha256.slice(0, 12)}…)`, {
        hint: `supprimez-le puis : npx bac-a-sable models pull ${located.entry.name}`,
      });
    }
    // node-llama-cpp is imported on first use: start-up stays fast when no GGUF model runs.
    const { loadGgufRuntime } = await import('./gguf-runtime.js');
    const runtime = await loadGgufRuntime({ modelPath: located.path, contextSize: model.contextSize ?? DEFAULT_CONTEXT_SIZE, threads });
    const mode = model.mode === 'chat' || model.mode === 'completion' ? model.mode : runtime.hasChatTemplate ? 'chat' : 'completion';
    return { runtime, located, sha256, sizeBytes: info.size, mode };
  };

  const ensureLoaded = (): Promise<Loaded> => {
    loading ??= load().catch((e: unknown) => {
      loading = undefined; // a later call may succeed once the file is pulled
      throw e;
    });
    return loading;
  };

  const complete = async (req: CompletionRequest): Promise<Completion> => {
    if (req.signal.aborted) throw abortError(req.signal, model.id);
    const loaded = await ensureLoaded();
    const { runtime } = loaded;
    return runtime.exclusive(async () => {
      if (req.signal.aborted) throw abortError(req.signal, model.id);
      try {
        const grammar = req.responseFormat ? await runtime.grammarFor(req.responseFormat) : undefined;
        const startMs = deps.now();
        const cpuStart = process.cpuUsage();
        let ttftMs: number | undefined;
        const generation = await runtime.generate(
          loaded.mode === 'chat' ? { kind: 'chat', messages: req.messages } : { kind: 'completion', prompt: req.prompt },
          {
            maxTokens: req.params.maxTokens ?? DEFAULT_MAX_TOKENS,
            // Evaluation defaults to greedy decoding: reproducible unless a suite asks otherwise.
            temperature: req.params.temperature ?? 0,
            ...(req.params.seed === undefined ? {} : { seed: req.params.seed }),
            ...(req.params.stop ? { stop: req.params.stop } : {}),
            ...(grammar ? { grammar } : {}),
            signal: req.signal,
            onFirstToken: () => {
              ttftMs = deps.now() - startMs;
            },
          },
        );
        const totalMs = deps.now() - startMs;
        // Whole-process CPU time: llama.cpp's threads are ours, and requests are serialised.
        const cpu = process.cpuUsage(cpuStart);
        return {
          text: generation.text,
          usage: { inputTokens: generation.inputTokens, outputTokens: generation.outputTokens, estimated: false },
          timings: { totalMs, ...(ttftMs === undefined ? {} : { ttftMs }) },
          modelIdentity: `${path.basename(loaded.located.path)}@sha256:${loaded.sha256.slice(0, 12)}`,
          truncated: generation.truncated,
          cpuMs: (cpu.user + cpu.system) / 1000,
        };
      } catch (e) {
        throw asHarnessError(e, req.signal, model.id);
      }
    });
  };

  return {
    id: model.id,
    hosting: model.hosting,
    complete,
    async scoreChoices({ prompt, choices, signal }) {
      if (signal.aborted) throw abortError(signal, model.id);
      const { runtime } = await ensureLoaded();
      return runtime.exclusive(async () => {
        try {
          return await runtime.scoreContinuations(prompt, choices, signal);
        } catch (e) {
          throw asHarnessError(e, signal, model.id);
        }
      });
    },
    async check() {
      // Cheap on purpose (no load, no hash): the file is there and, for a catalogue model, has the
      // catalogue size. The sha256 itself is verified at load.
      try {
        const located = await locateModel(model.model, modelsDir, deps.projectRoot, deps.modelSearchPath ?? []);
        const sizeBytes = (await stat(located.path)).size;
        if (located.entry && sizeBytes !== located.entry.sizeBytes) {
          return {
            ok: false,
            reason: `${located.path} : ${sizeBytes} octets au lieu de ${located.entry.sizeBytes} pour ${located.entry.name}`,
            hint: `supprimez-le puis : npx bac-a-sable models pull ${located.entry.name}`,
          };
        }
        return { ok: true };
      } catch (e) {
        if (!(e instanceof HarnessError)) throw e;
        return { ok: false, reason: e.message, ...(e.hint ? { hint: e.hint } : {}) };
      }
    },
    async describe() {
      const { runtime, located, sha256, sizeBytes, mode } = await ensureLoaded();
      const { metadata, tensorInfo } = runtime.model.fileInfo;
      // Counted from the tensor shapes: small GGUFs often lack general.parameter_count.
      const parameters = tensorInfo?.reduce((sum, t) => sum + t.dimensions.reduce<number>((n, d) => n * Number(d), 1), 0);
      return {
        file: path.basename(located.path),
        sha256,
        sizeBytes,
        ...(located.entry ? { catalogue: located.entry.name, licence: located.entry.licence } : {}),
        architecture: metadata.general.architecture,
        ...(metadata.general.name ? { name: metadata.general.name } : {}),
        ...(parameters ? { parameters } : {}),
        type: runtime.model.typeDescription,
        trainContextSize: runtime.model.trainContextSize,
        contextSize: runtime.contextSize,
        threads,
        mode,
        runtime: 'node-llama-cpp (llama.cpp, CPU)',
      };
    },
    async close() {
      const current = loading;
      loading = undefined;
      if (!current) return;
      const loaded = await current.catch(() => undefined);
      // Queued behind any request still running, so native memory is never freed under it.
      await loaded?.runtime.exclusive(() => loaded.runtime.dispose());
    },
  };
};

export const ggufProvider: ProviderDefinition<typeof GgufConfigSchema> = {
  description: 'Modèle GGUF exécuté localement dans le processus (node-llama-cpp, processeur seul, sans réseau)',
  config: GgufConfigSchema,
  create: createGgufProvider,
};
