/**
 * A chart drawn twice in one page (same spec) is drawn once: the second copy must be the same
 * drawing under its own caption, and a chart whose data or language differs is never served
 * from another's drawing.
 */
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../harness/report/charts/render-svg.js';
import { trendSpec } from '../../../harness/report/charts/trend.js';
import type { TrendChart } from '../../../harness/report/index-view.js';

const chart = (value: number): TrendChart => ({
  id: 'c', title: 't', yTitle: 'Taux', percent: true, markers: [],
  points: [
    { date: '2026-03-02', runId: 'r1', model: 'mistral', value: 0.5 },
    { date: '2026-04-02', runId: 'r2', model: 'mistral', value },
  ],
} as unknown as TrendChart);

const withoutCaption = (svg: string) => svg.replace(/aria-labelledby="[^"]*"/, '');

describe('charts drawn once per spec', () => {
  it('gives the same drawing under each caption, and another drawing for other data or language', async () => {
    const a = await renderSvg(trendSpec(chart(0.75)), 'fr', 'premier-legende');
    const b = await renderSvg(trendSpec(chart(0.75)), 'fr', 'second-legende');
    expect(a).toContain('aria-labelledby="premier-legende"');
    expect(b).toContain('aria-labelledby="second-legende"');
    expect(withoutCaption(b)).toBe(withoutCaption(a));

    const other = await renderSvg(trendSpec(chart(0.25)), 'fr', 'premier-legende');
    expect(withoutCaption(other)).not.toBe(withoutCaption(a));
    const en = await renderSvg(trendSpec(chart(0.75)), 'en', 'premier-legende');
    expect(en).not.toBe(a);
    expect(a).toMatch(/\d\s?%/);
  });
});
