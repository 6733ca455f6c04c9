/**
 * The first screen on constructed campaigns: one line per community with its verdict, pass rate
 * and interval in words, energy per 100 requests with how it was obtained and an everyday
 * equivalent, where the data went; then at most three takeaways. The bare run says so.
 */
import { describe, expect, it } from 'vitest';
import { buildRunView } from '../../../harness/report/view-model.js';
import { buildRunData, MODELS, type ModelSpec } from './fixture-run.js';

const NNBSP = '\u202f';
const view = (opts: Parameters<typeof buildRunData>[0] = {}, lang: 'fr' | 'en' = 'fr') => buildRunView(buildRunData(opts), { lang });

const BARE: ModelSpec[] = [
  { id: 'reference', label: 'Référence (calibrage)', provider: 'reference', hosting: 'local', passEvery: 1000, whPerCase: 0, method: 'cpu-time-share', measured: false, latencyMs: 0 },
  { id: 'echo', label: 'Écho du prompt', provider: 'echo', hosting: 'local', passEvery: 1, whPerCase: 0, method: 'cpu-time-share', measured: false, latencyMs: 0 },
  { id: 'stories260K', label: 'stories260K (GGUF local)', provider: 'gguf', hosting: 'local', passEvery: 1, whPerCase: 0.0008, method: 'cpu-time-share', measured: false, latencyMs: 200 },
];

describe('first screen', () => {
  it('gives each community its verdict, pass rate with its interval in words, energy per 100 requests and where the data went', () => {
    const d = view({ stats: true, egress: true }).decision;
    expect(d.bare).toBeNull();
    expect(d.lines.map((l) => l.community)).toEqual(['Traduction', 'Assistants administratifs']);
    const traduction = d.lines[0]!;
    expect(traduction).toMatchObject({ state: 'recommended', symbol: '✓', verdict: 'Apertium fr-es recommandé' });
    // 9 of 12 (a failure every 4 cases): Wilson 95 % [46,8 %; 91,1 %].
    expect(traduction.facts!.passRate).toBe(`75${NNBSP}% de réussite sur 12 cas (très probablement entre 46,8${NNBSP}% et 91,1${NNBSP}%)`);
    // 0,002 Wh × 100 = 0,2 Wh; 0,2 Wh / 5 W = 144 s.
    expect(traduction.facts!.energy).toBe(`0,2${NNBSP}Wh pour 100 requêtes, estimée d'après le temps de calcul\u00a0; autant qu'une ampoule LED de 5 W allumée 2${NNBSP}min 24${NNBSP}s`);
    expect(traduction.data).toBe('données envoyées hors de la collectivité\u00a0: Cloud européen (api.mistral.ai)');
    expect(d.equivalenceSource).toMatch(/ComparIA \(betagouv\/ComparIA, backend\/arena\/reveal\.py\)/);
  });

  it('lists one model per suite when no single model covers the community, each with its own figures', () => {
    const admin = view().decision.lines.find((l) => l.community === 'Assistants administratifs')!;
    // Without statistics both suites pick the highest pass rate among real models: Mistral Small.
    expect(admin.state).toBe('recommended');
    const split = view({
      mutateSummary: (s) => {
        s.recommendations = { suites: [{ suite: 'accuse-reception', recommended: 'apertium-fr-es' }, { suite: 'resume-courrier', recommended: 'qwen2.5:7b' }], communities: [] };
      },
    }).decision.lines.find((l) => l.community === 'Assistants administratifs')!;
    expect(split).toMatchObject({ state: 'per-suite', verdict: 'un modèle différent selon la suite', facts: null });
    expect(split.suites.map((s) => `${s.title}: ${s.verdict}`)).toEqual([
      'Accusé de réception <b>urgent</b>: Apertium fr-es recommandé',
      'Résumé de courrier: Qwen 2.5 7B recommandé',
    ]);
    expect(split.suites[1]!.facts!.energy).toMatch(/^80\u202fWh pour 100 requêtes, mesurée sur ce poste/);
  });

  it('never recommends a calibration baseline, even when summary.json names one', () => {
    const models = [...BARE.slice(0, 2), MODELS[0]!, MODELS[2]!];
    const line = view({
      models,
      mutateSummary: (s) => {
        s.recommendations = { suites: [{ suite: 'traduction-fr-es', recommended: 'reference' }], communities: [] };
      },
    }).decision.lines[0]!;
    expect(line.verdict).not.toMatch(/Référence/);
    expect(line.verdict).toBe('Mistral Small en tête (choisi sans test statistique)');
  });

  it('says plainly that the bare run tests no real model, and points to the README section that adds one', () => {
    const d = view({ models: BARE }).decision;
    expect(d.bare).toMatch(/^Campagne de démonstration\u00a0: elle ne teste que les bases de calibrage et le petit modèle de démonstration\./);
    expect(d.bare).toContain('README, section «\u00a0Configurer les modèles\u00a0»');
    for (const l of d.lines) expect(l).toMatchObject({ state: 'no-candidate', symbol: '—', facts: null });
    expect(d.takeaways[0]).toBe('Cette campagne ne teste aucun vrai modèle\u00a0: ses chiffres vérifient l\'outil, ils ne servent pas à choisir.');
    expect(d.takeaways.length).toBeLessThanOrEqual(3);
    expect(d.takeaways.at(-1)).toBe('Aucune donnée de test n\'a quitté la collectivité.');
  });

  it('keeps « ce qu\'il faut retenir » to three sentences generated from the figures', () => {
    const d = view({ stats: true, egress: true }).decision;
    expect(d.takeaways).toEqual([
      '2 communautés sur 2 ont un modèle recommandé\u00a0: Traduction, Assistants administratifs.',
      'Certaines énergies sont mesurées, d\'autres estimées\u00a0: la mention figure à côté de chaque chiffre, comparez-les avec prudence.',
      'Des données de test de Traduction, Assistants administratifs sont sorties de la collectivité (détail dans «\u00a0Qui a vu quelles données\u00a0?\u00a0»).',
    ]);
  });

  it('speaks English on request, with English numbers', () => {
    const d = view({ stats: true }, 'en').decision;
    expect(d.lines[0]!.verdict).toBe('Apertium fr-es recommended');
    expect(d.lines[0]!.facts!.passRate).toBe('75% passed, out of 12 cases (very probably between 46.8% and 91.1%)');
    expect(d.lines[0]!.facts!.energy).toMatch(/^0\.2\u00a0Wh per 100 requests, estimated from computing time; as much as a 5 W LED bulb lit for 2\u00a0min 24\u00a0s$/);
  });

  describe('on the verdicts of summary.json (stats/verdict-types.ts)', () => {
    const suite = (id: string, state: string, extra: Record<string, unknown> = {}) => ({
      suite: id, community: '', state, recommended: null, frugal: false, best: null, goodEnough: [], energyHungry: [], missingEnergy: [],
      marginPoints: 5, target: null, level: 0.95, alpha: 0.05, comparedCases: 12, casesNeeded: null, excluded: [], reason: 'phrase française',
      models: [{ model: 'apertium-fr-es', passRate: 0.75, passRateInterval: [0.5, 0.9] }, { model: 'mistral-small-latest', passRate: 0.83 }], ...extra,
    });
    const withVerdicts = (suites: unknown[], communities: unknown[] = []) => view({
      mutateSummary: (s) => { s.verdicts = { errorShareLimit: 0.2, suites, communities, calibration: { models: [], cells: [] } }; },
    }).decision.lines;

    it('says « indéterminé » with the cases needed, never a recommendation', () => {
      const [traduction] = withVerdicts([suite('traduction-fr-es', 'indeterminate', { casesNeeded: 120 })]);
      expect(traduction).toMatchObject({ state: 'indeterminate', symbol: '?', facts: null, verdict: 'indéterminé\u00a0: trop peu de cas pour conclure (il en faudrait environ 120)' });
    });

    it('shows the recommended model with the rule\'s own interval over the compared cases', () => {
      const [traduction] = withVerdicts([suite('traduction-fr-es', 'recommended', { recommended: 'apertium-fr-es', best: 'mistral-small-latest', goodEnough: ['apertium-fr-es'] })]);
      expect(traduction!.verdict).toBe('Apertium fr-es recommandé');
      expect(traduction!.facts!.passRate).toBe(`75${NNBSP}% de réussite sur 12 cas (très probablement entre 50${NNBSP}% et 90${NNBSP}%)`);
    });

    it('names the missing fact when several models are good enough but an energy is unknown', () => {
      const [traduction] = withVerdicts([suite('traduction-fr-es', 'energy-unknown', { goodEnough: ['apertium-fr-es', 'mistral-small-latest'], missingEnergy: [{ model: 'mistral-small-latest', missing: 'energy.modelSizes' }] })]);
      expect(traduction).toMatchObject({ state: 'energy-unknown', symbol: '!' });
      expect(traduction!.verdict).toBe('plusieurs modèles suffisent (Apertium fr-es, Mistral Small), mais l\'énergie de Mistral Small est inconnue\u00a0: aucun n\'est dit sobre (à renseigner\u00a0: energy.modelSizes)');
    });

    it('says when no model is good enough, with the best one\'s figures, and lists a split community suite by suite', () => {
      const lines = withVerdicts([
        suite('traduction-fr-es', 'insufficient', { best: 'mistral-small-latest' }),
        suite('accuse-reception', 'recommended', { recommended: 'apertium-fr-es' }),
        suite('resume-courrier', 'indeterminate', { casesNeeded: 80 }),
      ], [{ community: 'assistants-administratifs', state: 'per-suite', model: null, frugal: false, goodEverywhere: [], perSuite: [], reason: 'x' }]);
      expect(lines[0]).toMatchObject({ state: 'insufficient', symbol: '✗', verdict: 'aucun modèle suffisant\u00a0: même le meilleur, Mistral Small, reste sous le niveau demandé' });
      expect(lines[0]!.facts!.passRate).toMatch(/^83,3\u202f% de réussite sur 12 cas/);
      expect(lines[1]).toMatchObject({ state: 'per-suite', verdict: 'un modèle différent selon la suite' });
      expect(lines[1]!.suites.map((x) => x.verdict)).toEqual(['Apertium fr-es recommandé', 'indéterminé\u00a0: trop peu de cas pour conclure (il en faudrait environ 80)']);
    });
  });
});
