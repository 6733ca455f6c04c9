/**
 * Benchmark 2, scale: 10,000 and 100,000 cases streamed through the CLI against the loopback
 * server at concurrency 16. Peak RSS must stay under 300 MB and roughly flat, time roughly linear.
 * Every run also samples process.memoryUsage() (V8 heap, buffers) to tell garbage the collector
 * has not reclaimed yet from data that is really kept; `--diagnose` adds a run per size with a
 * forced full GC before each sample, which gives the live set itself.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runCli } from './lib/child.js';
import { mb, ms, num, s, table, times } from './lib/format.js';
import { startLoopback } from './lib/loopback.js';
import { assertConcurrency, freshOut, runArgs, writeLoopbackProject } from './lib/project.js';
import { median, round } from './lib/stats.js';
import type { Benchmark, TargetCheck } from './lib/types.js';

const CONCURRENCY = 16;
const RSS_LIMIT_MB = 300;
/** "Roughly flat": at most 20 % more memory for ten times the cases. */
const FLAT_RATIO = 1.2;
/** "Roughly linear": ten times the cases in at most 12 times the time of the request phase. */
const LINEAR_RATIO = 12;

type MemPeaks = { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number };
/** Memory peaks of one phase of the run, the phase ending when the named file was last written. */
type Phase = { until: string; durationMs: number } & MemPeaks;
type Run = { wallMs: number; requestPhaseMs: number; peakRssMb: number; cpuMs: number; trace: MemPeaks; phases: Phase[] };
type Size = { cases: number; runs: Run[]; v8Default?: { wallMs: number; peakRssMb: number; requestPhaseMs: number }; wallMs: number; requestPhaseMs: number; peakRssMb: number; usPerCase: number; trace: MemPeaks; phases: Phase[]; liveHeapMb?: { afterLoad: number; max: number; end: number } };
export type ScaleData = { concurrency: number; sizes: Size[]; timeRatio: number; rssRatio: number };

type TraceRow = { at: number; tS: number } & MemPeaks;

const readTrace = (file: string): TraceRow[] =>
  readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as TraceRow);

const peaks = (rows: TraceRow[]): MemPeaks => {
  const max = (k: keyof MemPeaks) => round(Math.max(...rows.map((r) => r[k])), 1);
  return { rssMb: max('rssMb'), heapUsedMb: max('heapUsedMb'), heapTotalMb: max('heapTotalMb'), externalMb: max('externalMb'), arrayBuffersMb: max('arrayBuffersMb') };
};

/**
 * Splits the memory trace into phases at the last write of each file the run produced (manifest.json
 * opens the request phase, results.jsonl closes it, then summary, CSV, report, index, observatory…),
 * so a peak can be pinned to the step that made it.
 */
const phasesOf = (rows: TraceRow[], rss: { at: number; rssMb: number }[], out: string): Phase[] => {
  const [runId] = readdirSync(out);
  const runDir = join(out, runId!);
  const root = dirname(out);
  const files = [
    ...readdirSync(runDir).map((f) => ({ name: f, at: statSync(join(runDir, f)).mtimeMs })),
    ...readdirSync(root).filter((f) => f !== 'runs').map((f) => ({ name: `../${f}`, at: statSync(join(root, f)).mtimeMs })),
  ].sort((a, b) => a.at - b.at);
  const edges = [...files, { name: '(fin du processus)', at: Number.POSITIVE_INFINITY }];
  const phases: Phase[] = [];
  let from = rows[0]?.at ?? 0;
  for (const e of edges) {
    const inside = rows.filter((r) => r.at > from && r.at <= e.at);
    const outside = rss.filter((r) => r.at > from && r.at <= e.at);
    if (inside.length > 0 || outside.length > 0) {
      const last = Math.max(inside.at(-1)?.at ?? 0, outside.at(-1)?.at ?? 0);
      const p = inside.length > 0 ? peaks(inside) : { rssMb: Number.NaN, heapUsedMb: Number.NaN, heapTotalMb: Number.NaN, externalMb: Number.NaN, arrayBuffersMb: Number.NaN };
      // RSS from the outside poll (it sees synchronous steps too), when there is one.
      if (outside.length > 0) p.rssMb = round(Math.max(...outside.map((r) => r.rssMb)), 1);
      phases.push({ until: e.name, durationMs: round(Math.min(e.at, last) - from, 0), ...p });
    }
    from = e.at;
  }
  return phases;
};

const summaryOf = (out: string, n: number): number => {
  const [runId] = readdirSync(out);
  const summary = JSON.parse(readFileSync(join(out, runId!, 'summary.json'), 'utf8')) as { durationMs: number; totals: { n: number } };
  if (summary.totals.n !== n) throw new Error(`campagne incomplète : ${summary.totals.n}/${n} résultats`);
  return summary.durationMs;
};

export const scale: Benchmark<ScaleData> = {
  name: 'scale',
  title: '2. Passage à l’échelle (10 000 et 100 000 cas, concurrence 16)',
  command: 'npm run bench -- scale',
  async run({ runs, diagnose, log }) {
    const server = await startLoopback();
    const sizes: Size[] = [];
    const tmp = mkdtempSync(join(tmpdir(), 'bench-scale-'));
    try {
      for (const n of [10_000, 100_000]) {
        const project = await writeLoopbackProject(server.url, n);
        // Three rounds at every size: the 100,000-case peak sits close to its bound, so one round is not enough to claim it.
        const count = runs ?? 3;
        const done: Run[] = [];
        for (let k = 0; k < count; k++) {
          const trace = join(tmp, `mem-${n}-${k}.jsonl`);
          const out = freshOut(project, k);
          const m = await runCli(runArgs(project, out, CONCURRENCY), {
            cwd: project.dir,
            env: { BENCH_MEM_TRACE: trace },
            timeoutMs: 1_800_000,
            rssPollMs: 50,
          });
          assertConcurrency(m.stderr);
          const rows = readTrace(trace);
          done.push({ wallMs: round(m.wallMs, 1), requestPhaseMs: round(summaryOf(out, n), 1), peakRssMb: round(m.peakRssMb ?? Number.NaN, 1), cpuMs: round(m.cpuMs ?? Number.NaN, 1), trace: peaks(rows), phases: phasesOf(rows, m.rssTrace, out) });
          rmSync(dirname(out), { recursive: true, force: true });
          log(`${n} cas, tour ${k + 1}/${count} : ${Math.round(m.wallMs)} ms, pic RSS ${Math.round(m.peakRssMb ?? 0)} Mo`);
        }
        const size: Size = {
          cases: n,
          runs: done,
          wallMs: round(median(done.map((r) => r.wallMs)), 1),
          requestPhaseMs: round(median(done.map((r) => r.requestPhaseMs)), 1),
          peakRssMb: round(median(done.map((r) => r.peakRssMb)), 1),
          usPerCase: round((1000 * median(done.map((r) => r.requestPhaseMs))) / n, 1),
          trace: done[0]!.trace,
          // The phases of the run with the median peak RSS.
          phases: [...done].sort((a, b) => a.peakRssMb - b.peakRssMb)[Math.floor((done.length - 1) / 2)]!.phases,
        };
        if (n === 10_000) {
          // The same campaign with V8's own heap growth (bin.mjs caps it at 1.5×): what the cap buys.
          const out = freshOut(project, 50);
          const m = await runCli(runArgs(project, out, CONCURRENCY), { cwd: project.dir, env: { BAC_A_SABLE_V8_GROWTH: '0' }, timeoutMs: 1_800_000 });
          size.v8Default = { wallMs: round(m.wallMs, 1), peakRssMb: round(m.peakRssMb ?? Number.NaN, 1), requestPhaseMs: round(summaryOf(out, n), 1) };
          rmSync(dirname(out), { recursive: true, force: true });
          log(`${n} cas, croissance du tas par défaut de V8 : ${Math.round(m.wallMs)} ms, pic RSS ${Math.round(m.peakRssMb ?? 0)} Mo`);
        }
        if (diagnose) {
          // Live set: a full GC before each sample (slow, so only in diagnosis).
          const trace = join(tmp, `live-${n}.jsonl`);
          await runCli(runArgs(project, freshOut(project, 99), CONCURRENCY), {
            cwd: project.dir,
            env: { BENCH_MEM_TRACE: trace, BENCH_MEM_TRACE_GC: '1', BENCH_MEM_TRACE_MS: '1000' },
            nodeArgs: ['--expose-gc'],
            timeoutMs: 3_600_000,
          });
          const rows = readTrace(trace);
          // "After load": the first sample once the heap stops jumping (cases parsed, modules loaded).
          const afterLoad = rows.find((r, i) => i > 0 && Math.abs(r.heapUsedMb - rows[i - 1]!.heapUsedMb) < 1)?.heapUsedMb ?? Number.NaN;
          size.liveHeapMb = { afterLoad: round(afterLoad, 1), max: round(Math.max(...rows.map((r) => r.heapUsedMb)), 1), end: round(rows.at(-1)?.heapUsedMb ?? Number.NaN, 1) };
          log(`${n} cas, tas vivant : ${JSON.stringify(size.liveHeapMb)}`);
        }
        sizes.push(size);
        rmSync(project.dir, { recursive: true, force: true });
      }
    } finally {
      await server.close();
      rmSync(tmp, { recursive: true, force: true });
    }
    const [small, big] = sizes as [Size, Size];
    const timeRatio = round(big.requestPhaseMs / small.requestPhaseMs, 2);
    const rssRatio = round(big.peakRssMb / small.peakRssMb, 2);
    const targets: TargetCheck[] = [
      ...sizes.map((z) => ({ label: `pic RSS, ${num(z.cases, 0)} cas`, target: `< ${RSS_LIMIT_MB} Mo`, value: mb(z.peakRssMb), met: z.peakRssMb < RSS_LIMIT_MB })),
      { label: 'mémoire à peu près constante (100 000 / 10 000)', target: `≤ ${num(FLAT_RATIO, 1)} ×`, value: times(rssRatio), met: rssRatio <= FLAT_RATIO },
      { label: 'durée à peu près linéaire (phase requêtes, 100 000 / 10 000)', target: `≤ ${LINEAR_RATIO} × (idéal 10 ×)`, value: times(timeRatio), met: timeRatio <= LINEAR_RATIO },
    ];
    return { data: { concurrency: CONCURRENCY, sizes, timeRatio, rssRatio }, targets };
  },
  render(d) {
    const live = d.sizes.some((z) => z.liveHeapMb);
    return [
      `CLI réelle contre le serveur loopback, concurrence ${d.concurrency} (\`--concurrent-local\`), même suite générée que le banc 1. Médianes (nombre de tours entre parenthèses). ` +
        'Colonnes « tas » et « hors tas » : maxima de `process.memoryUsage()` échantillonné toutes les 100 ms dans le processus mesuré.',
      '',
      table(
        ['cas', 'durée totale', 'phase requêtes', 'par cas', 'pic RSS', 'tas V8 réservé (max)', 'tas V8 utilisé (max)', 'hors tas (external)', ...(live ? ['tas vivant après GC forcé (chargé → max → fin)'] : [])],
        d.sizes.map((z) => [
          `${num(z.cases, 0)} (${z.runs.length})`,
          s(z.wallMs, 1),
          s(z.requestPhaseMs, 1),
          `${num(z.usPerCase, 0)} µs`,
          mb(z.peakRssMb),
          mb(z.trace.heapTotalMb),
          mb(z.trace.heapUsedMb),
          mb(z.trace.externalMb),
          ...(live ? [z.liveHeapMb ? `${mb(z.liveHeapMb.afterLoad)} → ${mb(z.liveHeapMb.max)} → ${mb(z.liveHeapMb.end)}` : '—'] : []),
        ]),
      ),
      '',
      'Mémoire par étape (tour médian ; une étape se termine à la dernière écriture du fichier nommé). RSS : relevé de l’extérieur (/proc) toutes les 50 ms. ' +
        'Tas : relevé dans le processus toutes les 100 ms, mais seulement quand sa boucle d’événements est libre : le tas d’une étape synchrone (un gros `JSON.stringify`) apparaît dans l’étape suivante. Maxima échantillonnés, donc un peu sous le pic exact.',
      '',
      table(
        ['cas', 'étape (jusqu’à…)', 'durée', 'RSS max', 'tas réservé max', 'tas utilisé max', 'external max'],
        d.sizes.flatMap((z) => z.phases.map((p) => [num(z.cases, 0), p.until, ms(p.durationMs), mb(p.rssMb), mb(p.heapTotalMb), mb(p.heapUsedMb), mb(p.externalMb)])),
      ),
      '',
      ...d.sizes.filter((z) => z.v8Default).map((z) => `Même campagne de ${num(z.cases, 0)} cas avec la croissance du tas par défaut de V8 (\`BAC_A_SABLE_V8_GROWTH=0\` ; la commande la plafonne sinon à 1,5 × le tas survivant, voir harness/bin.mjs), un tour : pic RSS ${mb(z.v8Default!.peakRssMb)} au lieu de ${mb(z.peakRssMb)}, durée ${s(z.v8Default!.wallMs, 1)} au lieu de ${s(z.wallMs, 1)}.\n`),
      `Rapports 100 000 / 10 000 : durée de la phase requêtes ${times(d.timeRatio)}, pic RSS ${times(d.rssRatio)}. Détail par tour : ${d.sizes.map((z) => `${num(z.cases, 0)} → ${z.runs.map((r) => `${ms(r.wallMs)} / ${mb(r.peakRssMb)}`).join(', ')}`).join(' ; ')}.`,
    ].join('\n');
  },
};
