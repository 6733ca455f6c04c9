/**
 * The benchmark suite's entry point (`npm run bench`): runs every benchmark, or the ones named, one
 * after another (never two at once: they would measure each other), stores each result in
 * bench/results.json as soon as it is done, and rewrites bench/results.md from it.
 *
 *   npm run bench                          all (about 20 minutes)
 *   npm run bench -- overhead report       only these
 *   npm run bench -- --skip-install        all but `npm ci`
 *   npm run bench -- --runs 1              one round of each measurement (quick look, not for publishing)
 *   npm run bench -- scale --diagnose      adds the live-heap traces (forced GC), slower
 *   npm run bench -- --render-only         rewrites results.md from results.json
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { energyMeter } from './energy-meter.js';
import { install } from './install.js';
import { localInference } from './local-inference.js';
import { overhead } from './overhead.js';
import { renderResults, type MachineInfo, type ResultsFile } from './render-md.js';
import { reportRender } from './report-render.js';
import { scale } from './scale.js';
import type { Benchmark } from './lib/types.js';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const RESULTS_JSON = join(BENCH_DIR, 'results.json');
const RESULTS_MD = join(BENCH_DIR, 'results.md');
const RAW_DIR = join(BENCH_DIR, 'results');

const ALL = [overhead, scale, localInference, reportRender, energyMeter, install] as unknown as Benchmark<never>[];

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'skip-install': { type: 'boolean' },
    runs: { type: 'string' },
    diagnose: { type: 'boolean' },
    'render-only': { type: 'boolean' },
  },
});

const unknown = positionals.filter((p) => !ALL.some((b) => b.name === p));
if (unknown.length > 0) {
  console.error(`banc inconnu : ${unknown.join(', ')} (connus : ${ALL.map((b) => b.name).join(', ')})`);
  process.exit(2);
}
const runs = values.runs === undefined ? undefined : Number(values.runs);
if (runs !== undefined && (!Number.isInteger(runs) || runs < 1)) {
  console.error('--runs : entier ≥ 1 attendu');
  process.exit(2);
}

const load = (): ResultsFile =>
  existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as ResultsFile) : { schema: 1, updatedAt: new Date().toISOString(), benchmarks: {} };

const save = (file: ResultsFile): void => {
  writeFileSync(RESULTS_JSON, `${JSON.stringify(file, null, 2)}\n`);
  writeFileSync(RESULTS_MD, renderResults(file, ALL));
};

const git = (): { commit: string; dirtyFiles: number } => {
  const run = (args: string[]) => execFileSync('git', args, { cwd: BENCH_DIR, encoding: 'utf8' });
  return { commit: run(['rev-parse', '--short', 'HEAD']).trim(), dirtyFiles: run(['status', '--porcelain']).split('\n').filter(Boolean).length };
};

const machine = (): MachineInfo => ({
  cpuModel: cpus()[0]?.model ?? 'inconnu',
  logicalCpus: cpus().length,
  ramGb: Number((totalmem() / 1e9).toFixed(1)),
  node: process.version,
  os: `${osType()} ${release()}`,
});

if (values['render-only']) {
  save(load());
  console.log(`${RESULTS_MD} réécrit.`);
  process.exit(0);
}

mkdirSync(RAW_DIR, { recursive: true });
const logFile = join(RAW_DIR, `run-${new Date().toISOString().replace(/[:.]/g, '-')}.log`);
const log = (line: string) => {
  const stamped = `[${new Date().toISOString().slice(11, 19)}] ${line}`;
  console.log(stamped);
  appendFileSync(logFile, `${stamped}\n`);
};

const selected = ALL.filter((b) => (positionals.length === 0 || positionals.includes(b.name)) && !(values['skip-install'] && b.name === 'install'));
const t0 = performance.now();
for (const b of selected) {
  log(`── ${b.title}`);
  const before = loadavg();
  // Taken before the run: the code measured is the code at the start (others may commit meanwhile).
  const code = git();
  const started = performance.now();
  const ranAt = new Date().toISOString();
  const { data, targets } = await b.run({ ...(runs ? { runs } : {}), ...(values.diagnose ? { diagnose: true } : {}), log });
  const file = load();
  file.benchmarks[b.name] = {
    ranAt,
    durationS: Math.round((performance.now() - started) / 1000),
    loadAvg: { before: before.map((x) => Number(x.toFixed(2))), after: loadavg().map((x) => Number(x.toFixed(2))) },
    git: code,
    machine: machine(),
    data,
    targets,
  };
  file.updatedAt = new Date().toISOString();
  save(file);
  for (const t of targets) log(`  ${t.met === null ? '·' : t.met ? '✓' : '✗'} ${t.label} : ${t.value} (objectif ${t.target})`);
  log(`  fait en ${Math.round((performance.now() - started) / 1000)} s`);
}
log(`Terminé en ${Math.round((performance.now() - t0) / 1000)} s : ${RESULTS_JSON}, ${RESULTS_MD}`);
