// The floor of the overhead benchmark: the `openai` client alone doing the same streaming requests
// as the harness (same messages, stream with usage), `concurrency` at a time, keeping each text.
// Plain JavaScript on purpose: no tsx loader, so the floor carries nothing the harness adds.
//   node bench/workers/bare-openai.mjs BASE_URL N CONCURRENCY
import { OpenAI } from 'openai';
import { promptOf } from './prompts.mjs';

const [baseURL, nArg, concArg] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(concArg);
const client = new OpenAI({ apiKey: 'sans-cle', baseURL, maxRetries: 0, organization: null, project: null, logLevel: 'off' });

const t0 = performance.now();
let next = 0;
let failures = 0;
let chars = 0;
const lane = async () => {
  for (let i = next++; i < n; i = next++) {
    try {
      const stream = await client.chat.completions.create({
        model: 'loopback-model',
        messages: [{ role: 'user', content: promptOf(i) }],
        stream: true,
        stream_options: { include_usage: true },
      });
      let text = '';
      for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      chars += text.length;
    } catch {
      failures++;
    }
  }
};
await Promise.all(Array.from({ length: concurrency }, lane));
process.stdout.write(`${JSON.stringify({ requests: n, failures, chars, loopMs: performance.now() - t0 })}\n`);
