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

/** Ids of the calibration baselines of a run, read from its manifest (`models[]`), whatever its shape. */
export const calibrationIds = (manifest: unknown): Set<string> => {
  const models = (manifest as { models?: unknown } | null)?.models;
  if (!Array.isArray(models)) return new Set();
  return new Set(models.flatMap((m: unknown) => {
    const x = m as { id?: unknown; provider?: unknown; calibration?: unknown } | null;
    if (!x || typeof x.id !== 'string') return [];
    return isCalibration({ provider: typeof x.provider === 'string' ? x.provider : null, calibration: x.calibration === true }) ? [x.id] : [];
  }));
};
