/**
 * Renders one run folder's report.html with `writeRunReport` and prints the time it took (module
 * loading excluded) and the file's size, as one JSON line. Peak RSS is measured by the driver.
 *   node --import tsx bench/workers/render-report.ts RUN_DIR
 */
import { statSync } from 'node:fs';
import { writeRunReport } from '../../harness/report/index.js';

const dir = process.argv[2]!;
const t0 = performance.now();
const file = await writeRunReport(dir);
const renderMs = performance.now() - t0;
process.stdout.write(`${JSON.stringify({ renderMs, bytes: statSync(file).size })}\n`);
