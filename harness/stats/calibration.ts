/**
 * Calibration baselines check the scorers (the reference answer should pass everything, the echoed
 * prompt almost nothing); they are not candidates. One definition for every place that must keep
 * them apart: verdicts, stars, campaign totals, `history`, `compare`.
 */

/** Providers that are calibration baselines whatever the config says. */
export const CALIBRATION_PROVIDERS: ReadonlySet<string> = new Set(['reference', 'echo']);

/** A model as the manifest records it: a calibration baseline by provider, or marked `calibration: true`. */
export type CalibrationProbe = { provider?: string | null; calibration?: boolean | null };

export const isCalibration = (m: CalibrationProbe): boolean =>
  m.calibration === true || (m.provider !== undefined && m.provider !== null && CALIBRATION_PROVIDERS.has(m.provider));
