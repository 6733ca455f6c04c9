/**
 * The first screen's text for two fixed campaigns, checked in as docs/exemple-synthese.md for
 * review: the bare run (calibration baselines and the demo model only) and a campaign with two
 * real-looking models. Both go through the real `bac-a-sable report` (statistics and verdicts
 * recomputed from results.jsonl), then the view model. A change of wording or of a verdict shows
 * up as a diff of that file.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRun } from '../../../harness/report/load-run.js';
import { buildRunView, type RunView } from '../../../harness/report/view-model.js';
import { runInProcess } from '../../helpers/in-process.js';
import { writeRunFixture, type ModelSpec } from './fixture-run.js';

const BARE: ModelSpec[] = [
  { id: 'reference', label: 'Référence (calibrage)', provider: 'reference', hosting: 'local', passEvery: 1000, whPerCase: 0.00001, method: 'cpu-time-share', measured: false, latencyMs: 1 },
  { id: 'echo', label: 'Écho du prompt', provider: 'echo', hosting: 'local', passEvery: 1, whPerCase: 0.00001, method: 'cpu-time-share', measured: false, latencyMs: 1 },
  { id: 'stories260K', label: 'stories260K (GGUF local)', provider: 'gguf', hosting: 'local', passEvery: 1, whPerCase: 0.0008, method: 'cpu-time-share', measured: false, latencyMs: 200 },
];

const TWO: ModelSpec[] = [
  { id: 'qwen2.5-3b', label: 'Qwen 2.5 3B (serveur GPU de la ville)', provider: 'ollama', hosting: 'on-prem', passEvery: 8, whPerCase: 0.012, method: 'ecologits-0.9.1', measured: false, latencyMs: 1800 },
  { id: 'mistral-small', label: 'Mistral Small 3.1', provider: 'mistral', hosting: 'eu-cloud', passEvery: 40, whPerCase: 0.045, method: 'ecologits-0.9.1', measured: false, latencyMs: 900 },
];

const TITLES: Record<string, { title: string; communityTitle: string }> = {
  'traduction-fr-es': { title: 'Traduction français → espagnol', communityTitle: 'Traduction' },
  'accuse-reception': { title: 'Accusés de réception', communityTitle: 'Assistants administratifs' },
  'resume-courrier': { title: 'Résumé de courrier', communityTitle: 'Assistants administratifs' },
};

/** A run folder finished by the real `report` command, then read as the page would show it. */
const campaign = async (models: ModelSpec[], casesPerSuite: number): Promise<RunView> => {
  const dir = writeRunFixture(join(mkdtempSync(join(tmpdir(), 'bas-first-')), 'run'), { models, casesPerSuite, hostile: false });
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { suites: { id: string }[]; skippedModels: unknown[] };
  manifest.suites = manifest.suites.map((s) => ({ ...s, ...TITLES[s.id] }));
  manifest.skippedModels = [];
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
  const done = await runInProcess(['report', dir], dir);
  expect(done.code, done.stderr).toBe(0);
  return buildRunView(await loadRun(dir), { lang: 'fr' });
};

/** The first screen as text: what a reader sees before scrolling. */
export const firstScreenText = (v: RunView): string => {
  const { decision } = v;
  const lines = [`# ${v.title}`, '', `${v.timeNote}`, '', '## Ce que la campagne conclut', ''];
  if (decision.bare) lines.push(`> ${decision.bare}`, '');
  for (const l of decision.lines) {
    lines.push(`- ${l.symbol} **${l.community}** : ${l.verdict}`);
    if (l.facts) lines.push(`  - ${l.facts.passRate} ; ${l.facts.energy}.`);
    for (const s of l.suites) lines.push(`  - *${s.title}* : ${s.verdict}${s.facts ? ` — ${s.facts.passRate} ; ${s.facts.energy}` : ''}.`);
    lines.push(`  - ${l.data}.`);
  }
  lines.push('', "## Ce qu'il faut retenir", '', ...decision.takeaways.map((t) => `- ${t}`), '', `*${decision.equivalenceSource}*`);
  // Narrow and ordinary no-break spaces shown as spaces: the file is for reading.
  return lines.join('\n').replace(/[\u202f\u00a0]/g, ' ');
};

describe('first screen snapshot', () => {
  it('reads, for the bare run and for two real-looking models, as checked in docs/exemple-synthese.md', async () => {
    const bare = firstScreenText(await campaign(BARE, 20));
    const two = firstScreenText(await campaign(TWO, 120));
    expect(bare).toContain('Campagne de démonstration');
    expect(two).not.toContain('Campagne de démonstration');
    const doc = [
      '<!-- Généré par tests/unit/report/first-screen.test.ts : ne pas modifier à la main (npx vitest run --config tests/vitest.config.ts tests/unit/report/first-screen.test.ts -u). -->',
      '',
      "# Exemple : le premier écran du rapport",
      '',
      "Ce que lit un membre du comité de pilotage en ouvrant `report.html`, avant de faire défiler la page, pour deux campagnes fixes :",
      "la campagne de démonstration (bases de calibrage et petit modèle de démonstration seulement), puis une campagne avec deux modèles réalistes",
      "(Qwen 2.5 3B sur le serveur GPU de la ville, Mistral Small 3.1 dans le cloud européen) sur trois suites de 120 cas.",
      '',
      '---',
      '',
      bare.replace(/^# /m, '# Campagne 1 — '),
      '',
      '---',
      '',
      two.replace(/^# /m, '# Campagne 2 — '),
      '',
    ].join('\n');
    await expect(doc).toMatchFileSnapshot('../../../docs/exemple-synthese.md');
  }, 120_000);
});
