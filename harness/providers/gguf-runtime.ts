/**
 * The loaded state of one GGUF model: llama.cpp bindings (one instance per process), the model, one
 * context with one sequence, and a mutex so that sequence serves one request at a time. Generation
 * and log-likelihood scoring live here; `gguf.ts` adds timing, errors and the Provider shape.
 */
import { getLlama, LlamaChat, LlamaCompletion, LlamaLogLevel } from 'node-llama-cpp';
import type { ChatHistoryItem, ControlledEvaluateInputItem, Llama, LlamaContextSequence, LlamaGrammar, LlamaModel, Token } from 'node-llama-cpp';
import { HarnessError } from '../core/errors.js';
import type { Message } from '../core/types.js';
import type { ResponseFormat } from './types.js';

export type GgufRuntimeOptions = { modelPath: string; contextSize: number; threads: number };

export type GenerateInput = { kind: 'completion'; prompt: string } | { kind: 'chat'; messages: Message[] };

export type GenerateOptions = {
  maxTokens: number;
  temperature: number;
  seed?: number;
  /** Stop sequences: generation ends before any of them. */
  stop?: readonly string[];
  grammar?: LlamaGrammar;
  signal: AbortSignal;
  /** Called once, when the first generated token arrives. */
  onFirstToken?: () => void;
};

export type Generation = { text: string; inputTokens: number; outputTokens: number; truncated: boolean };

export type GgufRuntime = {
  readonly model: LlamaModel;
  readonly contextSize: number;
  /** Whether the GGUF metadata carries a chat template (decides `mode: auto`). */
  readonly hasChatTemplate: boolean;
  /** Runs `fn` alone on the sequence: requests queue instead of interleaving tokens. */
  exclusive<T>(fn: () => Promise<T>): Promise<T>;
  grammarFor(format: ResponseFormat): Promise<LlamaGrammar>;
  generate(input: GenerateInput, opts: GenerateOptions): Promise<Generation>;
  /** Natural-log likelihood of each continuation after `prompt` (sum over its tokens). */
  scoreContinuations(prompt: string, choices: string[], signal: AbortSignal): Promise<number[]>;
  dispose(): Promise<void>;
};

/** Serialises async work: each call starts when the previous one has settled. */
export const createMutex = () => {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
};

// The native bindings are loaded once per process; every model shares them. `maxThreads` caps the
// threads of all contexts together, so it only ever grows to the largest request.
let sharedLlama: Promise<Llama> | undefined;

const loadLlama = async (threads: number): Promise<Llama> => {
  // gpu: false and build: 'never' so a run never compiles or downloads anything: the prebuilt
  // CPU binary shipped with @node-llama-cpp/linux-x64 is used or loading fails.
  sharedLlama ??= getLlama({ gpu: false, build: 'never', maxThreads: threads, logLevel: LlamaLogLevel.error });
  try {
    const llama = await sharedLlama;
    if (llama.maxThreads < threads) llama.maxThreads = threads;
    return llama;
  } catch (e) {
    sharedLlama = undefined;
    throw new HarnessError('provider-error', 'impossible de charger llama.cpp (node-llama-cpp) sur cette machine', {
      hint: 'vérifiez que le paquet @node-llama-cpp correspondant à votre système est installé',
      cause: e,
    });
  }
};

const toHistory = (messages: Message[]): ChatHistoryItem[] => {
  const history: ChatHistoryItem[] = messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [m.content] };
  });
  // An empty model turn is what LlamaChat completes; a trailing assistant message is continued.
  if (history.at(-1)?.type !== 'model') history.push({ type: 'model', response: [] });
  return history;
};

const promptTooLong = (tokens: number, contextSize: number) =>
  new HarnessError('invalid-input', `invite trop longue : ${tokens} jetons pour un contexte de ${contextSize}`, {
    hint: 'augmentez contextSize dans la configuration du modèle',
  });

/** Loads the model and its context. Throws HarnessError('provider-error') when llama.cpp refuses the file. */
export const loadGgufRuntime = async (opts: GgufRuntimeOptions): Promise<GgufRuntime> => {
  const llama = await loadLlama(opts.threads);
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: opts.modelPath, gpuLayers: 0 });
  } catch (e) {
    throw new HarnessError('provider-error', `fichier GGUF illisible : ${opts.modelPath}`, { cause: e });
  }
  const context = await model.createContext({ contextSize: opts.contextSize, threads: opts.threads, sequences: 1 });
  // One sequence for the whole run: disposing and asking for another can fail with "No sequences left".
  const sequence: LlamaContextSequence = context.getSequence();
  const exclusive = createMutex();
  const grammars = new Map<string, Promise<LlamaGrammar>>();
  let completion: LlamaCompletion | undefined;
  let chat: LlamaChat | undefined;

  const { bos, shouldPrependBosToken } = model.tokens;
  const bosTokens: Token[] = shouldPrependBosToken && bos !== null ? [bos] : [];
  // Plain tokenisation, as llama.cpp's own tools do (SentencePiece adds its leading "▁"), so that
  // generation and scoring see the same tokens the model was trained on.
  const tokenize = (text: string): Token[] => model.tokenize(text);

  const generate = async (input: GenerateInput, g: GenerateOptions): Promise<Generation> => {
    // Every request reads its whole prompt: a KV cache kept from the previous case would make
    // repeats look faster than a first run and skew latency and energy per case.
    await sequence.clearHistory();
    let outputTokens = 0;
    const settings = (inputTokens: number) => {
      if (inputTokens >= opts.contextSize) throw promptTooLong(inputTokens, opts.contextSize);
      return {
        // Never shift the context: a cut prompt would be scored as if the model had read all of it.
        maxTokens: Math.min(g.maxTokens, opts.contextSize - inputTokens),
        temperature: g.temperature,
        ...(g.seed === undefined ? {} : { seed: g.seed }),
        ...(g.grammar ? { grammar: g.grammar } : {}),
        ...(g.stop && g.stop.length > 0 ? { customStopTriggers: g.stop } : {}),
        // No repeat penalty: temperature 0 is then the model's own argmax, like llama.cpp's server
        // default (repeat_penalty 1.0 = disabled).
        repeatPenalty: false as const,
        signal: g.signal,
        onToken: (tokens: Token[]) => {
          if (outputTokens === 0 && tokens.length > 0) g.onFirstToken?.();
          outputTokens += tokens.length;
        },
      };
    };
    const finish = (r: { response: string; metadata: { stopReason: string } }, inputTokens: number): Generation => ({
      text: r.response,
      inputTokens,
      outputTokens,
      truncated: r.metadata.stopReason === 'maxTokens',
    });
    if (input.kind === 'completion') {
      const tokens = tokenize(input.prompt);
      const inputTokens = bosTokens.length + tokens.length;
      completion ??= new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
      // Given tokens, LlamaCompletion only prepends BOS (the same `bosTokens` counted above).
      return finish(await completion.generateCompletionWithMeta(tokens, { ...settings(inputTokens), disableContextShift: true }), inputTokens);
    }
    chat ??= new LlamaChat({ contextSequence: sequence, autoDisposeSequence: false });
    const history = toHistory(input.messages);
    const inputTokens = chat.chatWrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer).length;
    return finish(await chat.generateResponse(history, settings(inputTokens)), inputTokens);
  };

  const scoreOne = async (context: Token[], full: Token[]): Promise<number> => {
    if (full.length > opts.contextSize) throw promptTooLong(full.length, opts.contextSize);
    // Joint tokenisation may merge the prompt's last characters with the choice's first: the
    // scored tokens start where the prompt-plus-choice tokens stop matching the prompt's own.
    let shared = 0;
    while (shared < context.length && shared < full.length && context[shared] === full[shared]) shared++;
    if (shared === full.length) return 0;
    if (shared === 0) throw new HarnessError('provider-error', 'impossible de noter un choix sans aucun contexte');
    // Keep the cached prefix, but re-evaluate token shared-1: its logits predict the first scored token.
    await sequence.adaptStateToTokens(full.slice(0, shared - 1), false);
    const start = sequence.nextTokenIndex;
    // Default sampling options are greedy: the sampler keeps every candidate, so `probabilities` is
    // the softmax over the whole vocabulary, not a top-k cut.
    const input = full
      .slice(start, -1)
      .map((token, i): ControlledEvaluateInputItem =>
        start + i >= shared - 1 ? [token, { generateNext: { probabilities: true } }] : token,
      );
    const outputs = await sequence.controlledEvaluate(input);
    let logLikelihood = 0;
    for (let i = shared - 1; i < full.length - 1; i++) {
      const p = outputs[i - start]?.next.probabilities?.get(full[i + 1]!) ?? 0;
      // float32 softmax can underflow to 0; the smallest double keeps the sum finite and ordered.
      logLikelihood += Math.log(Math.max(p, Number.MIN_VALUE));
    }
    return logLikelihood;
  };

  return {
    model,
    contextSize: opts.contextSize,
    hasChatTemplate: typeof model.fileInfo.metadata.tokenizer?.chat_template === 'string',
    exclusive,
    grammarFor(format) {
      const key = JSON.stringify(format.schema ?? null);
      let grammar = grammars.get(key);
      if (!grammar) {
        grammar = format.schema
          ? llama.createGrammarForJsonSchema(format.schema as Parameters<Llama['createGrammarForJsonSchema']>[0])
          : llama.getGrammarFor('json');
        grammar.catch(() => grammars.delete(key));
        grammars.set(key, grammar);
      }
      return grammar;
    },
    generate,
    async scoreContinuations(prompt, choices, signal) {
      // Choices of one item share the prompt's cache; nothing is kept from earlier requests.
      await sequence.clearHistory();
      const context = [...bosTokens, ...tokenize(prompt)];
      const scores: number[] = [];
      for (const choice of choices) {
        signal.throwIfAborted();
        scores.push(await scoreOne(context, [...bosTokens, ...tokenize(prompt + choice)]));
      }
      return scores;
    },
    async dispose() {
      completion?.dispose();
      chat?.dispose();
      await context.dispose();
      await model.dispose();
    },
  };
};
