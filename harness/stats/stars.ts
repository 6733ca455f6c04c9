/**
 * Relative energy stars, in the manner of the AI Energy Score (Luccioni et al., Hugging Face,
 * 2025): the range between the lowest and the highest energy per case of the suite is cut into
 * five equal bands; the lowest band gets 5 stars, the highest 1. The stars compare the models of
 * THIS run only: they are not an absolute label and change when a model is added.
 */

export type EnergyInput = { model: string; energyPerCaseJ: number | null };

/** 1..5, or null when the model's energy is unknown. */
export type StarRating = { model: string; stars: number | null };

export type EnergyStars = {
  /** Shown next to the stars, always. */
  label: string;
  /** Why every model has 5 stars, when it is so. */
  note?: string;
  ratings: StarRating[];
};

export const STARS_LABEL = 'Étoiles relatives à cette campagne (5 ★ = le plus sobre des modèles comparés)';

export const energyStars = (models: readonly EnergyInput[]): EnergyStars => {
  const known = models.flatMap((m) => (m.energyPerCaseJ === null ? [] : [m.energyPerCaseJ]));
  const min = Math.min(...known);
  const max = Math.max(...known);
  const rate = (e: number | null, stars: (e: number) => number): StarRating['stars'] => (e === null ? null : stars(e));
  if (known.length <= 1 || max - min <= 1e-12 * Math.max(Math.abs(max), 1e-300)) {
    const note = known.length === 0
      ? undefined
      : known.length === 1 ? 'Un seul modèle à énergie connue : 5 ★ par défaut, sans comparaison possible.' : 'Énergies identiques : 5 ★ pour tous.';
    return { label: STARS_LABEL, ...(note ? { note } : {}), ratings: models.map((m) => ({ model: m.model, stars: rate(m.energyPerCaseJ, () => 5) })) };
  }
  const width = (max - min) / 5;
  // The maximum itself falls in the last band (index 4), not a sixth one.
  const band = (e: number): number => Math.min(4, Math.floor((e - min) / width));
  return { label: STARS_LABEL, ratings: models.map((m) => ({ model: m.model, stars: rate(m.energyPerCaseJ, (e) => 5 - band(e)) })) };
};
