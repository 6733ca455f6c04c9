/**
 * The zero-latency loopback OpenAI-compatible server of the benchmarks, in its own process so its
 * CPU is counted against neither the harness nor the bare client. Reuses the tests' server (it
 * echoes the last user message, streamed word by word, tokenDelayMs 0). Prints its URL as one JSON
 * line, then serves until stdin closes (the bench driver exited) or SIGTERM.
 */
import { startOpenAIServer } from '../../tests/helpers/openai-server.js';

const server = await startOpenAIServer({ tokenDelayMs: 0 });
// The test server records every request; a 100,000-case run would make that list the server's
// main cost, so it is emptied as it fills.
const trim = setInterval(() => {
  server.requests.length = 0;
}, 500);
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

const stop = async () => {
  clearInterval(trim);
  await server.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.stdin.on('end', () => void stop());
process.stdin.resume();
