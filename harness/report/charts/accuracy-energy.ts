/**
 * Accuracy against energy for one community: one point per model (frugal models on the left,
 * accurate ones at the top), a label next to each point, and the Pareto front as a dashed line.
 * Points on the front are drawn as diamonds, the others as circles: the shape carries the meaning,
 * not only the colour.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PositionDef } from 'vega-lite/types_unstable/channeldef.js';
import type { AccuracyEnergyChart } from '../view-charts.js';

export const accuracyEnergySpec = (chart: AccuracyEnergyChart): TopLevelSpec => {
  const x: PositionDef<string> = { field: 'wh', type: 'quantitative', title: chart.xTitle, scale: chart.logScale ? { type: 'log' } : { zero: true }, axis: { tickCount: 6, labelOverlap: true } };
  const y: PositionDef<string> = { field: 'passRate', type: 'quantitative', title: chart.yTitle, scale: { domain: [0, 1] }, axis: { format: '.0%' } };
  const spec: TopLevelSpec = {
    width: 420,
    height: 220,
    // Room on the right for the labels of the most frugal-and-accurate corner; labels are never cut.
    padding: { left: 5, top: 10, right: 150, bottom: 5 },
    data: { values: chart.points },
    layer: [
      { data: { values: chart.front }, mark: { type: 'line', color: '#1d6b3a', strokeDash: [5, 4], strokeWidth: 1.5 }, encoding: { x, y } },
      {
        mark: { type: 'point', filled: true, size: 90, opacity: 1 },
        encoding: {
          x, y,
          shape: { field: 'onFront', type: 'nominal', scale: { domain: [true, false], range: ['diamond', 'circle'] }, legend: null },
          color: { field: 'onFront', type: 'nominal', scale: { domain: [true, false], range: ['#1d6b3a', '#5a6472'] }, legend: null },
        },
      },
      { mark: { type: 'text', align: 'left', dx: 8, dy: -8, fontSize: 12, lineBreak: '\n', color: '#1f2933' }, encoding: { x, y, text: { field: 'label', type: 'nominal' } } },
    ],
  };
  return spec;
};
