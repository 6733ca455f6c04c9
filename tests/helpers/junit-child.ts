/**
 * Child process of the JUnit scale test: `--junit` on the run folder given, then its peak RSS on
 * stdout as JSON. In a child so the peak is this work's alone, not the test runner's.
 */
import type { CommandContext } from '../../harness/commands/context.js';
import { writeJunitFile } from '../../harness/commands/junit-file.js';

const runDir = process.argv[2]!;
const ctx = { cwd: runDir, env: {}, stdout: { write: () => true }, stderr: process.stderr } as unknown as CommandContext;
const file = await writeJunitFile(ctx, runDir, 'junit.xml');
process.stdout.write(`${JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS, file })}\n`);
