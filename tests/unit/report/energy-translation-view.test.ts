import { describe, expect, it } from 'vitest';
import { renderRunReport } from '../../../harness/report/render.js';
import { buildRunView } from '../../../harness/report/view-model.js';
import { buildRunData } from './fixture-run.js';

type Cell = { suite: string; model: string; energy?: Record<string, unknown>; translation?: unknown };

const SIGNATURES = {
  chrF: 'nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.x-reimpl',
  chrFpp: 'nrefs:1|case:mixed|eff:yes|nc:6|nw:2|space:no|version:2.x-reimpl',
  bleu: 'nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.x-reimpl',
  ter: 'nrefs:1|case:lc|tok:tercom|norm:no|punct:yes|asian:no|version:2.x-reimpl',
};

const energy = (whPerCase: number | null, extra: Record<string, unknown>) => ({
  whPerCase, jPerOutputToken: null, whPer1000OutputTokens: null, gCo2ePerCase: null, gCo2ePerSuite: null, methods: ['cpu-time-share', 'ram-dimm-model'], measured: false, ...extra,
});

const data = () =>
  buildRunData({
    energy: false,
    mutateSummary: (s) => {
      for (const c of s.cells as Cell[]) {
        if (c.suite === 'traduction-fr-es') {
          const scores: Record<string, [number, number, number, number]> = { 'apertium-fr-es': [61.234, 58.9, 34.56, 48.2], 'qwen2.5:7b': [55, 52.1, 28, 55.5], 'mistral-small-latest': [70.05, 68, 41.2, 39.9] };
          const picked = scores[c.model];
          if (picked) {
            const [chrF, chrFpp, bleu, ter] = picked;
            c.translation = { segments: 12, emptyOutputs: 0, chrF, chrFpp, bleu, ter, signatures: SIGNATURES };
          }
        }
        if (c.model === 'apertium-fr-es') c.energy = energy(0.002, { components: { cpuWh: 0.0005, gpuWh: 0, ramWh: 0.0015, remoteWh: 0 } });
        if (c.model === 'mistral-small-latest') {
          c.energy = energy(null, {
            methods: ['ecologits-0.9.1'],
            unknown: [{ reason: 'model-size-unknown', cases: 12, missing: { setting: 'energy.modelSizes', key: 'mistral-small-latest' }, fix: '…' }],
          });
        }
      }
    },
  });

describe('report: translation corpus scores, energy split and unknown energy (issue 16 items 6, 10, 11)', () => {
  it('shows corpus chrF / chrF++ / BLEU / TER with sacreBLEU signatures for translation suites only', async () => {
    const v = buildRunView(data(), { lang: 'fr' });
    const tr = v.matrix.find((m) => m.corpus)!;
    expect(tr.corpus!.rows.map((r) => [r.model, r.chrF.text, r.bleu.text, r.ter.text])).toContainEqual(['Mistral Small', '70,1', '41,2', '39,9']);
    // TER: lower is better, so the ★ goes to the lowest.
    expect(tr.corpus!.rows.find((r) => r.model === 'Mistral Small')!.ter.best).toBe(true);
    expect(tr.corpus!.signatures).toContain('BLEU nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp');
    expect(v.matrix.filter((m) => m.corpus === null).length).toBeGreaterThan(0);
    const html = await renderRunReport(v);
    expect(html).toContain('Scores de corpus (traduction)');
    expect(html).toContain('tok:tercom');
  });

  it('says which fact is missing when energy is unknown, and shows the CPU / RAM split', async () => {
    const v = buildRunView(data(), { lang: 'fr' });
    const row = v.matrix.flatMap((m) => m.rows).find((r) => r.model === 'Mistral Small')!;
    expect(row.wh.text).toBe('non mesurée');
    expect(row.wh.note).toBe('taille du modèle « mistral-small-latest » inconnue : à donner dans energy.modelSizes de la configuration');
    const split = v.methodology.energyRows.find((r) => r.model === 'Apertium fr-es')!.split;
    expect(split).toMatch(/^processeur 0,000\d+.Wh · mémoire 0,0015.Wh$/u);
    const html = await renderRunReport(v);
    expect(html).toContain('Répartition');
    expect(html).toContain('au moins 10 W');
    const en = await renderRunReport(buildRunView(data(), { lang: 'en' }));
    expect(en).toContain('size of model “mistral-small-latest” unknown: give it in energy.modelSizes');
  });
});
