/**
 * Latency distribution per model, from quartiles computed by the view model (so the chart and its
 * table show the same numbers): a line from minimum to maximum, a box over the middle half, a mark
 * at the median.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { PositionDef } from 'vega-lite/types_unstable/channeldef.js';
import type { Scale } from 'vega-lite/types_unstable/scale.js';
import type { LatencyChart } from '../view-charts.js';

export const latencySpec = (chart: LatencyChart): TopLevelSpec => {
  const scale: Scale = chart.logScale ? { type: 'log' } : { zero: true };
  const y: PositionDef<string> = { field: 'label', type: 'nominal', title: null, sort: null, axis: { labelLimit: 0, labelFontSize: 12, labelExpr: "split(datum.label, '\\n')" } };
  const spec: TopLevelSpec = {
    width: 420,
    height: { step: 40 },
    data: { values: chart.boxes },
    layer: [
      { mark: { type: 'rule', color: '#5a6472' }, encoding: { y, x: { field: 'min', type: 'quantitative', title: chart.xTitle, scale, axis: { tickCount: 6, labelOverlap: true } }, x2: { field: 'max' } } },
      { mark: { type: 'bar', size: 14, color: '#9ec5e8', stroke: '#1f4e79' }, encoding: { y, x: { field: 'p25', type: 'quantitative', scale }, x2: { field: 'p75' } } },
      { mark: { type: 'tick', color: '#1f2933', thickness: 3, size: 18 }, encoding: { y, x: { field: 'p50', type: 'quantitative', scale } } },
    ],
  };
  return spec;
};
