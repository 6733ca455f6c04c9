// The floor of the local-inference benchmark: node-llama-cpp alone, as its README for 2-core CPUs
// advises (gpu off, never build, one thread, one context sequence reused), generating `maxTokens`
// tokens at temperature 0 for each prompt with LlamaCompletion. It does the same work as the
// harness: the sequence is cleared before each prompt (every prompt is read in full), the repeat
// penalty is off (greedy argmax), and the prompt is given as `model.tokenize(prompt)` tokens (given a
// string, LlamaCompletion tokenizes it differently and most continuations differ). Plain JavaScript
// on purpose: no tsx loader.
//   node bench/workers/bare-llama.mjs MODEL.gguf PROMPTS.json MAX_TOKENS
import { readFileSync } from 'node:fs';
import { getLlama, LlamaCompletion, LlamaLogLevel } from 'node-llama-cpp';

const [modelPath, promptsFile, maxTokensArg] = process.argv.slice(2);
const prompts = JSON.parse(readFileSync(promptsFile, 'utf8'));
const maxTokens = Number(maxTokensArg);

const t0 = performance.now();
const llama = await getLlama({ gpu: false, build: 'never', maxThreads: 1, logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath, gpuLayers: 0 });
const context = await model.createContext({ contextSize: 512, threads: 1, sequences: 1 });
const sequence = context.getSequence();
const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
const loadMs = performance.now() - t0;

const perPromptMs = [];
const outputs = [];
const outputTokens = [];
for (const prompt of prompts) {
  const start = performance.now();
  await sequence.clearHistory();
  let tokens = 0;
  const text = await completion.generateCompletion(model.tokenize(prompt), { maxTokens, temperature: 0, repeatPenalty: false, onToken: (t) => (tokens += t.length) });
  perPromptMs.push(performance.now() - start);
  outputs.push(text);
  outputTokens.push(tokens);
}
const loopMs = performance.now() - t0 - loadMs;
completion.dispose();
await context.dispose();
await model.dispose();
process.stdout.write(`${JSON.stringify({ loadMs, loopMs, perPromptMs, outputs, outputTokens })}\n`);
