import { describe, expect, it } from 'vitest';
import { markBest } from '../../../harness/report/view-matrix.js';
import { buildRunView } from '../../../harness/report/view-model.js';
import { buildRunData, MODELS } from './fixture-run.js';

const NNBSP = '\u202f';
const view = (opts: Parameters<typeof buildRunData>[0] = {}, lang: 'fr' | 'en' = 'fr') => buildRunView(buildRunData(opts), { lang });

describe('report view model: synthesis', () => {
  it('without recommendations, picks the highest pass rate and says it used no statistical test', () => {
    const v = view();
    const traduction = v.synthesis.find((b) => b.title === 'Traduction')!;
    // Mistral Small passes 10 of 12 (one failure every 10 cases), the best pass rate.
    expect(traduction.verdict).toBe('Traduction — modèle recommandé\u00a0: Mistral Small');
    expect(traduction.methodNote).toMatch(/sans test statistique/);
    expect(traduction.reason).toBe(`Sur 12 cas de test, Mistral Small en réussit 83,3${NNBSP}%, pour 0,04${NNBSP}Wh par requête (estimée d\'après la taille du modèle). C'est aussi le modèle le plus précis de cette communauté.`);
    expect(traduction.mostAccurate).toBeNull();
  });

  it('breaks pass-rate ties by lower energy, then lower latency', () => {
    const tied = MODELS.slice(0, 3).map((m) => ({ ...m, passEvery: 4 }));
    const a = view({ models: tied });
    expect(a.synthesis[0]!.recommended!.label).toBe('Apertium fr-es'); // 0,002 Wh beats 0,04 and 0,8
    const sameEnergy = tied.map((m) => ({ ...m, whPerCase: 0.5 }));
    const b = view({ models: sameEnergy });
    expect(b.synthesis[0]!.recommended!.label).toBe('Apertium fr-es'); // 40 ms beats 900 ms and 2,4 s
    const noEnergy = view({ models: tied, energy: false });
    expect(noEnergy.synthesis[0]!.recommended!.label).toBe('Apertium fr-es');
    expect(noEnergy.synthesis[0]!.reason).toMatch(/son énergie n'a pas été mesurée/);
  });

  it('uses the statistical recommendation, with a reason written from the catalogue in the page language', () => {
    const v = view({ stats: true });
    const traduction = v.synthesis.find((b) => b.title === 'Traduction')!;
    expect(traduction.recommended!.label).toBe('Apertium fr-es');
    expect(traduction.mostAccurate!.label).toBe('Mistral Small');
    expect(traduction.reason).toBe(`Sur 12 cas de test, Apertium fr-es en réussit 75${NNBSP}%, pour 0,002${NNBSP}Wh par requête (estimée d\'après le temps de calcul). Le plus précis, Mistral Small, en réussit 83,3${NNBSP}%, mais consomme 20 fois plus d'énergie.`);
    expect(traduction.methodNote).toBeNull();
    // summary.json's own French sentence never reaches the page: an English report could not translate it.
    expect(JSON.stringify(view({ stats: true }, 'en'))).not.toContain('statistiquement');
    // Communities without a statistical recommendation still get the fallback, said so.
    expect(v.synthesis.find((b) => b.title === 'Assistants administratifs')!.methodNote).toMatch(/sans test statistique/);
  });

  it('makes energy concrete: per 100 requests, in Wh, gCO2e, a 5 W LED bulb and video streaming', () => {
    const e = view({ stats: true }).synthesis[0]!.recommended!.energy;
    expect(e.perRequest).toBe(`0,002${NNBSP}Wh`);
    expect(e.how).toBe('estimée d\'après le temps de calcul');
    expect(e.measured).toBe(false);
    // 0,2 Wh / 5 W = 144 s; 0,2 Wh × 56,039 g/kWh = 0,0112 g, / 31,7 g/h = 1,27 s.
    expect(e.per100).toBe(`100 requêtes\u00a0: 0,2${NNBSP}Wh et 0,011${NNBSP}g\u00a0CO₂e`);
    expect(e.equivalent).toBe(`autant qu'une ampoule LED de 5 W allumée 2${NNBSP}min 24${NNBSP}s, ou que 1,3${NNBSP}s de vidéo en streaming`);
  });

  it('gives traffic-light badges with a symbol and a word, against the community’s target', () => {
    const traduction = view().synthesis.find((b) => b.title === 'Traduction')!;
    // target 70 %: 66,7 % is within 10 points → « Limite ».
    expect(traduction.targetText).toBe(`Seuil de réussite fixé par la communauté\u00a0: 70${NNBSP}%.`);
    const hostile = traduction.models.find((m) => m.label.startsWith('<img'))!;
    expect(hostile.badge).toEqual({ level: 'warn', symbol: '!', text: 'Limite' });
    const admin = view().synthesis.find((b) => b.title === 'Assistants administratifs')!;
    expect(admin.targetText).toMatch(/80\u202f% \(valeur par défaut/);
    expect(admin.models.find((m) => m.label.startsWith('<img'))!.badge).toEqual({ level: 'bad', symbol: '✗', text: 'Insuffisant' });
  });
});

describe('report view model: matrix and energy labels', () => {
  it('marks the best value of each column, ties included, and nothing when all are equal', () => {
    expect(markBest([0.5, 0.8, 0.8, null], 'higher')).toEqual([false, true, true, false]);
    expect(markBest([120, 80, null], 'lower')).toEqual([false, true, false]);
    expect(markBest([1, 1], 'higher')).toEqual([false, false]);
    expect(markBest([1, null], 'higher')).toEqual([false, false]);
  });

  it('says for every energy figure whether it was measured or estimated, and how', () => {
    const rows = view().matrix.find((s) => s.title === 'Traduction français → espagnol')!.rows;
    const qwen = rows.find((r) => r.model === 'Qwen 2.5 7B')!;
    const apertium = rows.find((r) => r.model === 'Apertium fr-es')!;
    expect(qwen.wh).toEqual({ text: `0,8${NNBSP}Wh`, best: false, note: 'mesurée sur ce poste' });
    expect(apertium.wh).toEqual({ text: `0,002${NNBSP}Wh`, best: true, note: 'estimée d\'après le temps de calcul' });
    expect(apertium.latencyP50.best).toBe(true);
    expect(rows.find((r) => r.model === 'Mistral Small')!.passRate.best).toBe(true);
  });

  it('shows « non mesurée » and « — » when there is no energy at all', () => {
    const v = view({ energy: false });
    const row = v.matrix[0]!.rows[0]!;
    expect(row.wh).toEqual({ text: 'non mesurée', best: false, note: null });
    expect(row.gCo2e.text).toBe('—');
    expect(v.synthesis[0]!.recommended!.energy.perRequest).toBe('non mesurée');
    // No energy: no accuracy-energy chart at all, hence no caption left without its chart.
    expect(v.charts.accuracyEnergy).toEqual([]);
    expect(v.methodology.energyAvailable).toBe(false);
  });

  it('falls back on the energy of result lines, and computes carbon from the default intensity', () => {
    const v = view({
      mutateSummary: (s) => {
        for (const c of s.cells as Record<string, unknown>[]) delete c.energy;
      },
    });
    const row = v.matrix[0]!.rows.find((r) => r.model === 'Qwen 2.5 7B')!;
    expect(row.wh.text).toBe(`0,8${NNBSP}Wh`);
    expect(row.wh.note).toBe('mesurée sur ce poste');
    expect(row.gCo2e.text).toBe(`0,045${NNBSP}g\u00a0CO₂e`); // 0,8 Wh × 56,039 g/kWh
    expect(row.gCo2e.note).toBe('calculé\u00a0: Wh × 56 g CO₂e/kWh');
    expect(v.methodology.energyRows[0]!.source).toBe('moyenne des lignes de results.jsonl');
  });

  it('drops a malformed optional field instead of failing the report', () => {
    const v = view({
      mutateSummary: (s) => {
        (s.cells as Record<string, unknown>[])[0]!.energy = { whPerCase: 'beaucoup' };
        s.recommendations = 'pas un objet';
        s.intervals = [{ suite: 'x' }];
      },
    });
    expect(v.synthesis[0]!.methodNote).toMatch(/sans test statistique/);
    expect(v.methodology.intervals).toMatch(/pas d'intervalle de confiance/);
  });

  it('shows confidence intervals next to pass rates when present', () => {
    const row = view({ stats: true }).matrix[0]!.rows[0]!;
    expect(row.passRate.note).toMatch(/^IC\u00a0: \d/);
  });
});

describe('report view model: charts, details, methodology', () => {
  it('draws the Pareto front and labels each point measured or estimated', () => {
    const chart = view().charts.accuracyEnergy.find((c) => c.title === 'Réussite et énergie\u00a0: Traduction français → espagnol (Traduction)')!;
    expect(chart.logScale).toBe(true);
    expect(chart.points.filter((p) => p.onFront).map((p) => p.label)).toEqual(['Apertium fr-es ·\nestimée', 'Mistral Small ·\nestimée']);
    expect(chart.front.map((p) => p.wh)).toEqual([0.002, 0.04]);
    expect(chart.rows.find((r) => r.label === 'Qwen 2.5 7B')).toMatchObject({ front: 'non', how: 'mesurée sur ce poste' });
  });

  it('computes latency quartiles per model from every result line', () => {
    const row = view().charts.latency.rows.find((r) => r.label === 'Apertium fr-es')!;
    expect(row).toMatchObject({ n: '36', min: `40${NNBSP}ms`, max: `64${NNBSP}ms` });
  });

  it('lists errors first, then failures, then passes', () => {
    const group = view({ casesPerSuite: 20 }).details.suites[0]!.groups[0]!;
    const statuses = group.cases.map((c) => c.status);
    expect(statuses.slice(0, 2)).toEqual(['error', 'failed']);
    expect(statuses.indexOf('passed')).toBe(statuses.lastIndexOf('failed') + 1);
    expect(group.counts).toBe('20 cas\u00a0: 4 échoués, 1 en erreur, 15 réussis');
  });

  it('caps the cases embedded per suite × model and says where the rest is', () => {
    const v = view({ casesPerSuite: 40, limits: { maxPassedPerCell: 5, maxOtherPerCell: 3 } });
    const group = v.details.suites[0]!.groups[0]!;
    expect(group.cases).toHaveLength(8);
    expect(group.cases.slice(0, 3).every((c) => c.status !== 'passed')).toBe(true);
    expect(group.capNote).toBe('8 cas sur 40 sont affichés ici\u00a0: les échecs et erreurs d\'abord, puis les premières réussites. La liste complète est dans results.csv, dans le dossier de la campagne.');
  });

  it('cuts long texts and keeps scorer values and reasons', () => {
    const v = buildRunView(buildRunData({ outputChars: 500 }), { lang: 'fr', maxTextChars: 100 });
    const c = v.details.suites[0]!.groups[0]!.cases.find((x) => x.status === 'failed')!;
    expect(c.output!.text).toHaveLength(100);
    expect(c.output!.cut).toMatch(/^… coupé ici\u00a0: \d+ caractères de plus dans results\.csv\.$/);
    expect(c.scores[0]).toMatchObject({ type: 'icontains', value: '0,00', passed: false, verdict: 'échoué' });
    expect(c.scores[1]).toMatchObject({ type: 'chrf', value: 'sans objet' });
    expect(c.energy).toBe(`0,002${NNBSP}Wh (estimée d\'après le temps de calcul)`);
  });

  it('records the manifest: identities, machine, suite hashes, method per energy figure', () => {
    const m = view().methodology;
    expect(m.models.find((x) => x.id === 'qwen2.5:7b')!.identity).toBe('qwen2.5:7b@sha256:abc0 ; qwen2.5:7b@sha256:abc1 ; version = 1.0 ; digest = sha256:qwen2.5:7b');
    expect(m.suites[0]!.sha256).toBe('0'.repeat(64));
    expect(m.machine).toEqual({ os: 'Linux-6.1-x64', cpu: 'AMD EPYC', cpus: '2', ram: `24${NNBSP}Go` });
    expect(m.energyRows.find((r) => r.model === 'Qwen 2.5 7B')).toMatchObject({ how: "mesurée · compteur d'énergie du processeur (RAPL)", band: `0,72${NNBSP}Wh – 0,88${NNBSP}Wh` });
    expect(m.carbon).toMatch(/^56 g CO₂e\/kWh, celle de la France/);
    expect(m.run.duration).toBe(`1${NNBSP}h 25${NNBSP}min`);
  });

  it('speaks English when asked', () => {
    const v = view({}, 'en');
    expect(v.title).toBe('Evaluation run of 29 November 2026 at 03:15');
    expect(v.synthesis[0]!.verdict).toBe('Traduction — recommended model: Mistral Small');
    expect(v.matrix[0]!.rows[0]!.passRate.text).toMatch(/^\d+(\.\d)?%$/);
  });
});

describe('report view model: sovereignty', () => {
  it('renders « Qui a vu quelles données ? » only with an egress ledger, and says where each community’s data went', () => {
    expect(view().sovereignty).toBeNull();
    expect(view().synthesis[0]!.dataNote).toBeNull();
    const v = view({ egress: true });
    expect(v.synthesis.find((b) => b.title === 'Traduction')!.dataNote).toBe('Données de cette communauté envoyées hors de la collectivité\u00a0: Cloud européen (api.mistral.ai).');
    const rows = v.sovereignty!.rows;
    expect(rows.find((r) => r.host === 'api.mistral.ai')).toEqual({
      host: 'api.mistral.ai', hosting: 'Cloud européen', models: 'Mistral Small', suites: 'Traduction français → espagnol, Accusé de réception <b>urgent</b>',
      cases: 'Public\u00a0: 12 ; Interne\u00a0: 12', redactions: '2', size: `48${NNBSP}ko`,
    });
    expect(v.sovereignty!.refusals).toEqual(['Résumé de courrier × Mistral Small\u00a0: 12 cas non envoyé(s) — données « personnel » non autorisées vers « Cloud européen »']);
    expect(v.sovereignty!.overrides[0]).toMatch(/^Résumé de courrier → <img src=x onerror="window.__pwned=1">\u00a0: exception demandée par cheffe <script>/);
  });
});

describe('report view model: size budget', () => {
  it('lowers the characters kept per text as more cases are embedded, within bounds', async () => {
    const { textCap } = await import('../../../harness/report/view-details.js');
    expect(textCap(10)).toBe(4000);
    expect(textCap(2000)).toBe(400);
    expect(textCap(100_000)).toBe(300);
    expect(textCap(10, 1000)).toBe(1000);
  });
});
