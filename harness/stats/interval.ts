/** A closed range [low, high], in the unit of the figure it qualifies (same shape as report/view-types). */
export type Interval = [number, number];

/** Rounds both bounds, for JSON files people read (4 decimals by default, like summary.ts). */
export const roundInterval = (x: Interval | null, digits = 4): Interval | null =>
  x === null ? null : [Number(x[0].toFixed(digits)), Number(x[1].toFixed(digits))];
