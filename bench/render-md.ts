/**
 * bench/results.json → bench/results.md: one Markdown section per benchmark, in French, with the
 * command that reproduces it and its targets (met or not), for the README's « Performances ».
 * Headings start at level 3 so the file can be pasted under that section as is.
 */
import { num, table, verdict } from './lib/format.js';
import type { Benchmark, BenchResult, TargetCheck } from './lib/types.js';

export type MachineInfo = { cpuModel: string; logicalCpus: number; ramGb: number; node: string; os: string };
export type StoredResult = BenchResult & { git: { commit: string; dirtyFiles: number }; machine: MachineInfo };
export type ResultsFile = { schema: 1; updatedAt: string; benchmarks: Record<string, StoredResult> };

const date = (iso: string): string => iso.replace('T', ' ').slice(0, 16);

const targetRows = (targets: readonly TargetCheck[]): string[][] => targets.map((t) => [t.label, t.target, t.value, verdict(t.met)]);

/** A section stored by an older version of the bench may not fit today's renderer: say so, do not fail. */
const renderBody = (b: Benchmark<never>, r: StoredResult): string => {
  try {
    return b.render(r.data as never);
  } catch {
    return `_Résultats enregistrés dans un format antérieur du banc : relancez \`${b.command}\`._`;
  }
};

export const renderResults = (file: ResultsFile, benchmarks: readonly Benchmark<never>[]): string => {
  const present = benchmarks.filter((b) => file.benchmarks[b.name]);
  const all = present.flatMap((b) => file.benchmarks[b.name]!.targets.map((t) => ({ bench: b.title.split(' ')[0]!.replace('.', ''), ...t })));
  const machines = [...new Set(present.map((b) => JSON.stringify(file.benchmarks[b.name]!.machine)))].map((m) => JSON.parse(m) as MachineInfo);
  const out: string[] = [
    '<!-- Fichier produit par `npm run bench` (bench/render-md.ts) à partir de bench/results.json : ne pas le modifier à la main. -->',
    '',
    'Mesures du banc de performance de bac-à-sable : le harnais ne doit ajouter ni temps, ni mémoire, ni énergie aux modèles qu’il mesure. ' +
      'Toute la suite : `npm run bench` (une quinzaine de minutes ; `-- --skip-install` pour sauter `npm ci`) ; un banc seul : `npm run bench -- NOM` ' +
      `(${present.map((b) => `\`${b.name}\``).join(', ')}) ; \`-- --runs N\` fixe le nombre de tours. ` +
      'Machine partagée et bruitée : chaque mesure est répétée, on publie des médianes et des rapports ; la charge de la machine pendant chaque banc est indiquée.',
    '',
    `Machine : ${machines.map((m) => `${m.cpuModel}, ${m.logicalCpus} cœurs logiques, ${num(m.ramGb, 1)} Go de mémoire, Node.js ${m.node}, ${m.os}`).join(' ; ')}.`,
    '',
    '### Synthèse des objectifs',
    '',
    table(['banc', 'mesure', 'objectif', 'mesuré', 'atteint'], all.map((t) => [t.bench, t.label, t.target, t.value, verdict(t.met)])),
  ];
  for (const b of present) {
    const r = file.benchmarks[b.name]!;
    out.push(
      '',
      `### ${b.title}`,
      '',
      `Reproduire : \`${b.command}\`. Mesuré le ${date(r.ranAt)} UTC (commit ${r.git.commit}${r.git.dirtyFiles > 0 ? ` + ${r.git.dirtyFiles} fichier(s) modifié(s)` : ''}), en ${num(r.durationS, 0)} s ; charge moyenne de la machine (1 min) : ${num(r.loadAvg.before[0], 2)} avant, ${num(r.loadAvg.after[0], 2)} après.`,
      '',
      renderBody(b, r),
    );
    if (r.targets.length > 0) out.push('', table(['objectif', 'cible', 'mesuré', 'atteint'], targetRows(r.targets)));
  }
  return `${out.join('\n')}\n`;
};
