/**
 * A figure over time, one line per model (or per classification for egress): points joined by
 * lines, the 95 % interval drawn as a vertical bar at each point when there is one, and a dotted
 * vertical rule at each date where a suite's content changed, labelled with the suite. Data is
 * inline; the table next to the chart holds the same numbers.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { TrendChart } from '../index-view.js';

/** Colour-blind-safe categorical palette (Okabe & Ito 2008, "Color Universal Design"). */
const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export const trendSpec = (chart: TrendChart, opts: { bars?: boolean } = {}): TopLevelSpec => {
  const x = { field: 'date', type: 'temporal' as const, title: null, axis: { format: '%d/%m/%Y', labelAngle: -30, tickCount: 6 } };
  const y = {
    field: 'value', type: 'quantitative' as const, title: chart.yTitle,
    ...(chart.percent ? { scale: { domain: [0, 1] }, axis: { format: '.0%' } } : { scale: { zero: true } }),
  };
  const color = { field: 'model', type: 'nominal' as const, title: null, scale: { range: PALETTE }, legend: { orient: 'bottom' as const, columns: 3, labelLimit: 260 } };
  const values = chart.points.filter((p) => p.value !== null);
  if (opts.bars) {
    return { width: 560, height: 220, data: { values }, mark: { type: 'bar', size: 12 }, encoding: { x: { ...x, timeUnit: 'yearmonthdate' }, y: { ...y, stack: 'zero' }, color } };
  }
  const layers: NonNullable<Extract<TopLevelSpec, { layer: unknown }>['layer']> = [
    { mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 }, encoding: { x, y, color } },
  ];
  if (values.some((p) => p.low != null && p.high != null)) {
    layers.unshift({
      transform: [{ filter: 'isValid(datum.low) && isValid(datum.high)' }],
      mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 },
      encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, color },
    });
  }
  if (chart.markers.length > 0) {
    layers.push(
      { data: { values: chart.markers }, mark: { type: 'rule', strokeDash: [4, 3], color: '#5a6472' }, encoding: { x: { field: 'date', type: 'temporal' } } },
      { data: { values: chart.markers }, mark: { type: 'text', align: 'left', dx: 4, dy: -4, baseline: 'top', color: '#1f2933', fontSize: 11 },
        encoding: { x: { field: 'date', type: 'temporal' }, y: { value: 0 }, text: { field: 'label' } } },
    );
  }
  return { width: 560, height: 240, data: { values }, layer: layers };
};
