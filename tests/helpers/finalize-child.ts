/**
 * Child process of the end-of-run memory test: the end of `run` (finalize, then the observatory
 * record and home page) on the run folder given, then its peak RSS on stdout as JSON. In a child
 * so the peak is this work's alone, not the test runner's.
 */
import { finalizeRunFolder } from '../../harness/commands/finalize.js';
import { recordInObservatory } from '../../harness/commands/record-observatory.js';
import type { CommandContext } from '../../harness/commands/context.js';

const runDir = process.argv[2]!;
const timing = { startedAt: '2026-03-02T09:00:00.000Z', finishedAt: '2026-03-02T09:05:00.000Z', durationMs: 300_000, complete: true, interrupted: false };
const ctx = { cwd: process.cwd(), env: {}, stdout: process.stdout, stderr: process.stderr } as unknown as CommandContext;
const { cases } = await finalizeRunFolder(runDir, timing, { index: false });
await recordInObservatory(ctx, runDir, 'fr', cases);
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, results: cases.size })}\n`);
