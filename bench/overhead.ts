/**
 * Benchmark 1, overhead per case: the real CLI running 2,000 cases against the zero-latency
 * loopback server, against the floor of a bare `openai` client loop doing the same 2,000 streaming
 * requests, at concurrency 1, 4 and 16. Each side runs in its own process (wall time, peak RSS, CPU
 * time); rounds alternate which side goes first so a drift of the machine's load hits both.
 * The CLI's fixed start-up cost is measured apart (`--version`) and split into its parts.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, runNode, type Measured } from './lib/child.js';
import { mb, ms, num, s, table, times, verdict } from './lib/format.js';
import { phaseSummaries, type PhaseSummary } from './lib/cpu-profile.js';
import { startLoopback } from './lib/loopback.js';
import { profileCampaign } from './profile-run.js';
import { assertConcurrency, freshOut, runArgs, writeLoopbackProject } from './lib/project.js';
import { median, ratio, round } from './lib/stats.js';
import type { Benchmark, TargetCheck } from './lib/types.js';

/** Issue 21's sizes: 2,000 and 5,000 cases at concurrency 4. */
const SETUPS = [{ cases: 2000, concurrency: 4 }, { cases: 5000, concurrency: 4 }];
const TARGET_RATIO = 1.2;
const RSS_TARGET_RATIO = 1.5;
/** `bac-a-sable --version` within 2× of `node -e 0`. */
const STARTUP_TARGET_RATIO = 2;
const BARE = fileURLToPath(new URL('./workers/bare-openai.mjs', import.meta.url));
const IMPORT_PACKAGES = fileURLToPath(new URL('./workers/import-packages.mjs', import.meta.url));
const PACKAGE_HOOK = fileURLToPath(new URL('./lib/package-hook.mjs', import.meta.url));

type Side = { wallMs: number; peakRssMb: number; cpuMs: number };
type Startup = { label: string; wallMs: number; peakRssMb: number };
type Row = {
  cases: number;
  concurrency: number;
  harness: { runs: Side[]; wallMs: number; peakRssMb: number; cpuMs: number; requestPhaseMs: number; beforeMs: number; afterMs: number };
  bare: { runs: Side[]; wallMs: number; peakRssMb: number; cpuMs: number; loopMs: number };
  wallRatio: number;
  wallRatioNoStartup: number;
  requestPhaseRatio: number;
  rssRatio: number;
  cpuRatio: number;
  overheadMsPerCase: number;
};
export type OverheadData = { cases: number[]; runs: number; startup: Startup[]; packages: string[]; rows: Row[]; profile?: { cases: number; phases: PhaseSummary[] } };

const side = (m: Measured): Side => ({ wallMs: round(m.wallMs, 1), peakRssMb: round(m.peakRssMb ?? Number.NaN, 1), cpuMs: round(m.cpuMs ?? Number.NaN, 1) });

/** Median wall and RSS of `runs` launches of a short command. */
const startup = async (label: string, launch: () => Promise<Measured>, runs: number): Promise<Startup> => {
  const ms: Measured[] = [];
  for (let i = 0; i < runs; i++) ms.push(await launch());
  return { label, wallMs: round(median(ms.map((m) => m.wallMs)), 1), peakRssMb: round(median(ms.map((m) => m.peakRssMb ?? Number.NaN)), 1) };
};

/** The npm packages the CLI imports at start-up (bare specifiers from harness/ files). */
const startupPackages = async (): Promise<string[]> => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-pkg-'));
  const file = join(dir, 'pkgs.txt');
  await runCli(['--version'], { env: { BENCH_PKG_FILE: file }, nodeArgs: ['--import', PACKAGE_HOOK] });
  // `--version` may load no npm package at all (then the hook writes nothing).
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const list = [...new Set(text.trim().split('\n'))].filter((p) => p && !p.startsWith('tsx')).sort();
  rmSync(dir, { recursive: true, force: true });
  return list;
};

/**
 * The request phase (summary.json `durationMs`) and what came after it: from the last line of
 * results.jsonl (its modification time) to the process's exit, on the wall clock.
 */
const phasesOf = (out: string, cases: number, exitAtMs: number): { requestPhaseMs: number; afterMs: number } => {
  const [runId] = readdirSync(out);
  const summary = JSON.parse(readFileSync(join(out, runId!, 'summary.json'), 'utf8')) as { durationMs: number; totals: { passed: number } };
  if (summary.totals.passed !== cases) throw new Error(`campagne incomplète : ${summary.totals.passed}/${cases} cas réussis`);
  return { requestPhaseMs: summary.durationMs, afterMs: Math.max(0, exitAtMs - statSync(join(out, runId!, 'results.jsonl')).mtimeMs) };
};

/** Where the harness spends its CPU, phase by phase: the profile that explains a missed ratio. */
const profileSection = (p: NonNullable<OverheadData['profile']>): string[] => [
  `Où passe le temps CPU du harnais : une campagne de ${num(p.cases, 0)} cas sous \`node --cpu-prof\` (\`npx tsx bench/profile-run.ts ${p.cases}\` pour le détail par fonction), temps propre par fichier du harnais ou paquet npm, phase par phase. La phase requêtes va du premier au dernier échantillon passant par le fournisseur \`openai-compatible\`. Le profileur ralentit le processus : les durées comptent, pas leur somme.`,
  '',
  table(
    ['phase', 'temps CPU échantillonné', 'principaux postes'],
    p.phases.map((ph) => [ph.phase, ms(ph.totalMs), ph.top.map((g) => `${g.name} ${ms(g.ms)}`).join(' ; ')]),
  ),
];

export const overhead: Benchmark<OverheadData> = {
  name: 'overhead',
  title: '1. Surcoût par cas (2 000 et 5 000 cas, concurrence 4, serveur loopback sans latence)',
  command: 'npm run bench -- overhead',
  async run({ runs = 3, log }) {
    const startupRuns = Math.max(3, runs + 2);
    const packages = await startupPackages();
    log(`démarrage : ${packages.length} paquets npm chargés au lancement`);
    const start: Startup[] = [
      await startup('node seul (`node -e 0`)', () => runNode('-e', ['0']), startupRuns),
      await startup('node + client `openai` (démarrage du plancher)', () => runNode(IMPORT_PACKAGES, ['openai']), startupRuns),
      await startup('node + chargeur tsx (`register()`)', () => runNode('--input-type=module', ['-e', "const { register } = await import('tsx/esm/api'); register();"]), startupRuns),
      await startup(`node + les ${packages.length} paquets npm importés au lancement, sans tsx`, () => runNode(IMPORT_PACKAGES, packages), startupRuns),
      await startup('CLI par les sources (tsx) : `BAC_A_SABLE_SOURCES=1 node harness/bin.mjs --version`', () => runCli(['--version'], { env: { BAC_A_SABLE_SOURCES: '1' } }), startupRuns),
      await startup('CLI complète : `node harness/bin.mjs --version` (dist/ compilé s’il est à jour)', () => runCli(['--version']), Math.max(20, startupRuns)),
    ];
    for (const x of start) log(`démarrage ${x.label} : ${x.wallMs} ms, ${x.peakRssMb} Mo`);
    const harnessStartup = start.at(-1)!;
    const bareStartup = start[1]!;

    const server = await startLoopback();
    const rows: Row[] = [];
    let profile: OverheadData['profile'];
    try {
      for (const { cases: CASES, concurrency: c } of SETUPS) {
        const project = await writeLoopbackProject(server.url, CASES);
        const h: { m: Measured; phase: number; after: number }[] = [];
        const b: { m: Measured; loop: number }[] = [];
        for (let k = 0; k < runs; k++) {
          const harnessRun = async () => {
            const out = freshOut(project, c * 100 + k);
            const m = await runCli(runArgs(project, out, c), { cwd: project.dir });
            const exitAtMs = Date.now();
            assertConcurrency(m.stderr);
            const p = phasesOf(out, CASES, exitAtMs);
            h.push({ m, phase: p.requestPhaseMs, after: p.afterMs });
          };
          const bareRun = async () => {
            const m = await runNode(BARE, [server.url, String(CASES), String(c)]);
            const res = JSON.parse(m.stdout) as { failures: number; loopMs: number };
            if (res.failures > 0) throw new Error(`boucle nue : ${res.failures} échecs`);
            b.push({ m, loop: res.loopMs });
          };
          // Alternate the order: a load change on this shared machine then hits both sides.
          if (k % 2 === 0) await harnessRun().then(bareRun);
          else await bareRun().then(harnessRun);
          log(`${CASES} cas, concurrence ${c}, tour ${k + 1}/${runs} : harnais ${Math.round(h.at(-1)!.m.wallMs)} ms / nu ${Math.round(b.at(-1)!.m.wallMs)} ms`);
        }
        const hw = median(h.map((x) => x.m.wallMs));
        const bw = median(b.map((x) => x.m.wallMs));
        const hr = median(h.map((x) => x.m.peakRssMb ?? Number.NaN));
        const br = median(b.map((x) => x.m.peakRssMb ?? Number.NaN));
        const hc = median(h.map((x) => x.m.cpuMs ?? Number.NaN));
        const bc = median(b.map((x) => x.m.cpuMs ?? Number.NaN));
        const phase = median(h.map((x) => x.phase));
        const after = median(h.map((x) => x.after));
        const before = median(h.map((x) => x.m.wallMs - x.phase - x.after));
        const loop = median(b.map((x) => x.loop));
        rows.push({
          cases: CASES,
          concurrency: c,
          harness: { runs: h.map((x) => side(x.m)), wallMs: round(hw, 1), peakRssMb: round(hr, 1), cpuMs: round(hc, 1), requestPhaseMs: round(phase, 1), beforeMs: round(before, 1), afterMs: round(after, 1) },
          bare: { runs: b.map((x) => side(x.m)), wallMs: round(bw, 1), peakRssMb: round(br, 1), cpuMs: round(bc, 1), loopMs: round(loop, 1) },
          wallRatio: round(ratio(hw, bw)),
          wallRatioNoStartup: round(ratio(hw - harnessStartup.wallMs, bw - bareStartup.wallMs)),
          requestPhaseRatio: round(ratio(phase, loop)),
          rssRatio: round(ratio(hr, br)),
          cpuRatio: round(ratio(hc, bc)),
          overheadMsPerCase: round((hw - harnessStartup.wallMs - (bw - bareStartup.wallMs)) / CASES, 3),
        });
      }
      // Where the time goes: one campaign of the first size under the CPU profiler, split by phase.
      const first = SETUPS[0]!;
      const project = await writeLoopbackProject(server.url, first.cases);
      profile = { cases: first.cases, phases: phaseSummaries(profileCampaign(project, freshOut(project, 999), first.concurrency), 'providers/openai-compatible', 10) };
      log(`profil : ${profile.phases.map((p) => `${p.phase} ${Math.round(p.totalMs)} ms`).join(', ')}`);
    } finally {
      await server.close();
    }
    const startupRatio = round(ratio(harnessStartup.wallMs, start[0]!.wallMs));
    const targets: TargetCheck[] = [
      { label: '`bac-a-sable --version` face à `node -e 0`', target: `≤ ${num(STARTUP_TARGET_RATIO, 1)} ×`, value: times(startupRatio), met: startupRatio <= STARTUP_TARGET_RATIO },
      ...rows.flatMap((r) => [
        { label: `durée, ${num(r.cases, 0)} cas, concurrence ${r.concurrency} (avec démarrage)`, target: `≤ ${num(TARGET_RATIO, 1)} ×`, value: times(r.wallRatio), met: r.wallRatio <= TARGET_RATIO },
        { label: `durée, ${num(r.cases, 0)} cas, concurrence ${r.concurrency} (sans démarrage)`, target: `≤ ${num(TARGET_RATIO, 1)} ×`, value: times(r.wallRatioNoStartup), met: r.wallRatioNoStartup <= TARGET_RATIO },
        { label: `mémoire de pointe, ${num(r.cases, 0)} cas, concurrence ${r.concurrency}`, target: `≤ ${num(RSS_TARGET_RATIO, 1)} ×`, value: times(r.rssRatio), met: r.rssRatio <= RSS_TARGET_RATIO },
      ]),
    ];
    return { data: { cases: SETUPS.map((x) => x.cases), runs, startup: start, packages, rows, ...(profile ? { profile } : {}) }, targets };
  },
  render(d) {
    const harnessStartup = d.startup.at(-1);
    return [
      `Harnais : \`node harness/bin.mjs run --suite … --config … --out … --concurrency N --concurrent-local\` (sans cette option, un modèle local est servi une requête à la fois) sur une suite générée (JSONL, ${d.cases.map((n) => num(n, 0)).join(' puis ')} cas, un critère \`equals\`), modèle \`openai-compatible\` (\`hosting: local\`). ` +
        `Plancher : une boucle nue du client \`openai\` 6.49.0 (mêmes requêtes en flux, même concurrence, bench/workers/bare-openai.mjs). ` +
        `Le serveur loopback (tests/helpers/openai-server.ts) tourne dans son propre processus. Médianes de ${d.runs} tours alternés ; mémoire = pic RSS (getrusage) de chaque processus.`,
      '',
      table(
        ['cas', 'concurrence', 'durée harnais', 'durée nue', 'rapport', 'rapport sans démarrage', 'avant la 1re requête', 'phase requêtes (harnais / nu)', 'après la dernière', 'surcoût par cas', 'pic RSS harnais', 'pic RSS nu', 'rapport mémoire', 'rapport CPU'],
        d.rows.map((r) => [
          num(r.cases, 0),
          String(r.concurrency),
          s(r.harness.wallMs),
          s(r.bare.wallMs),
          times(r.wallRatio),
          times(r.wallRatioNoStartup),
          r.harness.beforeMs === undefined ? '—' : s(r.harness.beforeMs),
          `${s(r.harness.requestPhaseMs)} / ${s(r.bare.loopMs)} (${times(r.requestPhaseRatio)})`,
          r.harness.afterMs === undefined ? '—' : s(r.harness.afterMs),
          ms(r.overheadMsPerCase, 2),
          mb(r.harness.peakRssMb),
          mb(r.bare.peakRssMb),
          times(r.rssRatio),
          times(r.cpuRatio),
        ]),
      ),
      '',
      '« sans démarrage » : (durée harnais − démarrage de la CLI) / (durée nue − démarrage de node + `openai`). ' +
        '« phase requêtes » : durée de la boucle de la campagne (`durationMs` de summary.json) face à la boucle nue, sans chargement ni écriture du rapport. ' +
        '« après la dernière » : de la dernière ligne écrite dans results.jsonl à la fin du processus (résumé, statistiques, CSV, fichiers d’énergie, rapport HTML, base et index de l’observatoire). « avant la 1re requête » : le reste (démarrage de node et de la CLI, lecture et contrôle de la suite, mesure de repos de l’énergie, préchauffage). ' +
        '« surcoût par cas » : différence des durées sans démarrage, divisée par le nombre de cas. « rapport CPU » : temps CPU (utilisateur + système) du processus.',
      '',
      `Démarrage fixe de la CLI${harnessStartup ? ` : ${s(harnessStartup.wallMs)}, ${mb(harnessStartup.peakRssMb)}` : ''} (médianes) :`,
      '',
      table(['mesure', 'durée', 'pic RSS'], d.startup.map((x) => [x.label, ms(x.wallMs), mb(x.peakRssMb)])),
      '',
      `Paquets npm importés au lancement (\`--version\`) : ${d.packages.length === 0 ? 'aucun' : d.packages.map((p) => `\`${p}\``).join(', ')}.`,
      ...(d.profile ? ['', ...profileSection(d.profile)] : []),
    ].join('\n');
  },
};
