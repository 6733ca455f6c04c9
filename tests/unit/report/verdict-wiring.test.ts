/** Issue 16 items 3–5 in the report: no front across different cases, no calibration model in a verdict block, no community « most accurate ». */
import { describe, expect, it } from 'vitest';
import { renderRunReport } from '../../../harness/report/render.js';
import { buildRunView } from '../../../harness/report/view-model.js';
import { buildRunData } from './fixture-run.js';

type Cell = { suite: string; model: string; calibration?: boolean };

describe('report wiring of the verdicts', () => {
  it('draws one accuracy-energy chart per suite, so that a front never joins models that ran different cases', () => {
    // Qwen no longer ran « résumé de courrier »: the assistants' models ran different cases.
    const data = buildRunData({ mutateSummary: (s) => { s.cells = (s.cells as Cell[]).filter((c) => !(c.model === 'qwen2.5:7b' && c.suite === 'resume-courrier')); } });
    const charts = buildRunView(data, { lang: 'fr' }).charts.accuracyEnergy;
    expect(charts.map((c) => c.title)).toEqual([
      'Réussite et énergie\u00a0: Traduction français → espagnol (Traduction)',
      'Réussite et énergie\u00a0: Accusé de réception <b>urgent</b> (Assistants administratifs)',
      'Réussite et énergie\u00a0: Résumé de courrier (Assistants administratifs)',
    ]);
    const resume = charts[2]!;
    expect(resume.rows.map((r) => r.label)).not.toContain('Qwen 2.5 7B');
    expect(resume.points.every((p) => !p.label.startsWith('Qwen'))).toBe(true);
    expect(resume.front.length).toBeGreaterThan(0);
  });

  it('keeps calibration cells out of the community blocks, and names no community « most accurate » when statistics exist', () => {
    const data = buildRunData({
      stats: true,
      mutateSummary: (s) => {
        s.cells = (s.cells as Cell[]).map((c) => (c.model === 'mistral-small-latest' ? { ...c, calibration: true } : c));
        (s.recommendations as { communities: { mostAccurate: unknown }[] }).communities.forEach((c) => { c.mostAccurate = null; });
      },
    });
    const v = buildRunView(data, { lang: 'fr' });
    for (const block of v.synthesis) {
      expect(block.models.map((m) => m.label)).not.toContain('Mistral Small');
      expect(block.mostAccurate).toBeNull();
    }
  });

  it('says on every model card how many cases errored', () => {
    const data = buildRunData({ mutateSummary: (s) => { s.cells = (s.cells as (Cell & { errors: number })[]).map((c) => (c.model === 'mistral-small-latest' ? { ...c, errors: 2 } : c)); } });
    const traduction = buildRunView(data, { lang: 'fr' }).synthesis.find((b) => b.title === 'Traduction')!;
    expect(traduction.recommended!.label).toBe('Mistral Small');
    expect(traduction.recommended!.cases).toBe('12 (dont 2 en erreur)');
  });

  it('never calls the recommended model « sobre » in a heading: frugality is said only by the verdict sentence, when energies are known', async () => {
    const html = await renderRunReport(buildRunView(buildRunData({ stats: true, energy: false }), { lang: 'fr' }));
    expect(html).not.toContain('(sobre)');
  });
});
