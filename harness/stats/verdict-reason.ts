/**
 * The French sentences of the verdicts, for a non-technical committee: who to use and why, in
 * plain words; « sobre » only when the energies behind it are known; the missing fact named when
 * they are not; how many cases errored; « indéterminé » with the cases that would decide.
 */
import { frApprox, frInteger, frList, frPercent } from './fr-format.js';
import type { CommunityVerdict, SuiteVerdict, VerdictModel } from './verdict-types.js';

const points = (x: number): string => `${x > 0 ? '+' : x < 0 ? '−' : ''}${frApprox(Math.abs(x * 100))} point${Math.abs(x * 100) >= 2 ? 's' : ''}`;
const cases = (n: number): string => `${frInteger(n)} cas`;

const rowOf = (v: Omit<SuiteVerdict, 'reason'>, model: string | null): VerdictModel | undefined => v.models.find((m) => m.model === model);

const why = (v: Omit<SuiteVerdict, 'reason'>, m: VerdictModel): string => {
  if (m.basis === 'target') return `il atteint l'objectif de ${frPercent(v.target ?? 0)} (${frPercent(m.passRate)}, au moins ${frPercent(m.passRateInterval[0])} avec ${frPercent(v.level)} de confiance)`;
  if (m.basis === 'non-inferior') {
    return `${frPercent(m.passRate)} contre ${frPercent(rowOf(v, v.best)!.passRate)} pour le meilleur, ${v.best} : au pire ${points(m.diffToBestInterval![0])} (marge tolérée ${frInteger(v.marginPoints)} points)`;
  }
  return `meilleur taux de réussite (${frPercent(m.passRate)})`;
};

const energyNote = (v: Omit<SuiteVerdict, 'reason'>, rec: VerdictModel): string => {
  const others = v.models.filter((m) => m.goodEnough && m.model !== rec.model);
  if (others.length === 0 || rec.energyPerCaseJ === null) return '';
  const next = others[0]!;
  const how = rec.energyMeasured && next.energyMeasured ? 'mesurée' : 'estimée';
  if (next.energyPerCaseJ === null) return '';
  if (rec.energyPerCaseJ === 0) return ` ; le plus sobre des modèles suffisants (énergie par requête quasi nulle, ${how})`;
  const ratio = next.energyPerCaseJ / rec.energyPerCaseJ;
  return ratio >= 1.5
    ? ` ; le plus sobre des modèles suffisants (${frApprox(ratio)} fois moins d'énergie par requête que ${next.model}, ${how})`
    : ` ; le plus sobre des modèles suffisants (énergie par requête comparable à celle de ${next.model}, ${how})`;
};

const errorsNote = (v: Omit<SuiteVerdict, 'reason'>): string[] => {
  const notes: string[] = [];
  const withErrors = v.models.filter((m) => m.errors > 0);
  if (withErrors.length > 0) notes.push(`Erreurs comptées comme échecs : ${frList(withErrors.map((m) => `${m.model} ${frInteger(m.errors)} sur ${frInteger(m.results)}`))}.`);
  for (const e of v.excluded) notes.push(e.message);
  return notes;
};

const mainSentence = (v: Omit<SuiteVerdict, 'reason'>, factor: number): string => {
  const best = rowOf(v, v.best);
  switch (v.state) {
    case 'no-candidate':
      return v.excluded.length === 0
        ? 'Aucun modèle candidat n\'a passé cette suite (les bases de calibrage ne concourent pas) : pas de verdict.'
        : 'Aucun modèle comparable sur cette suite : pas de verdict.';
    case 'insufficient':
      return best!.passRate === 0
        ? `Aucun modèle suffisant : aucun ne réussit un seul des ${cases(v.comparedCases)}.`
        : `Aucun modèle suffisant : le meilleur, ${v.best}, réussit ${frPercent(best!.passRate)} des cas, en dessous de l'objectif de ${frPercent(v.target ?? 0)} (au plus ${frPercent(best!.passRateInterval[1])} avec ${frPercent(v.level)} de confiance).`;
    case 'indeterminate': {
      if (v.models.length === 1 && v.target === null) {
        return `Indéterminé : un seul modèle comparable (${v.best}, ${frPercent(best!.passRate)}) et pas d'objectif de réussite pour dire s'il suffit.`;
      }
      const need = v.casesNeeded === null ? '' : ` ; il en faudrait environ ${frInteger(v.casesNeeded)}`;
      if (v.target !== null && best!.passRate < v.target) {
        return `Indéterminé : trop peu de cas (${frInteger(v.comparedCases)}) ; le meilleur, ${v.best}, réussit ${frPercent(best!.passRate)}, sous l'objectif de ${frPercent(v.target)} sans que l'écart soit établi${need}.`;
      }
      return `Indéterminé : trop peu de cas (${frInteger(v.comparedCases)}) pour montrer qu'un modèle suffit (meilleur : ${v.best}, ${frPercent(best!.passRate)})${need}.`;
    }
    case 'energy-unknown':
      return `Suffisants : ${frList(v.goodEnough)} ; le plus sobre ne peut pas être désigné, faute d'énergie connue pour ${frList(v.missingEnergy.map((m) => `${m.model} (à renseigner : ${m.missing})`))}.`;
    case 'recommended': {
      const rec = rowOf(v, v.recommended)!;
      const alone = v.goodEnough.length === 1;
      const head = alone ? `${rec.model} est recommandé, seul modèle suffisant : ${why(v, rec)}` : `${rec.model} est recommandé : suffisant, ${why(v, rec)}${energyNote(v, rec)}`;
      const hungry = v.energyHungry.length > 0 ? ` Usage énergivore : ${frList(v.energyHungry)} (au moins ${frApprox(factor)} fois plus d'énergie par requête que ${rec.model}, pour un résultat suffisant aussi).` : '';
      const energy = rec.energyPerCaseJ === null ? ` Énergie inconnue (à renseigner : ${rec.energyMissing ?? 'energy'}).` : '';
      return `${head}.${hungry}${energy}`;
    }
  }
};

export const suiteReason = (v: Omit<SuiteVerdict, 'reason'>, energyHungryFactor = 3): string => [mainSentence(v, energyHungryFactor), ...errorsNote(v)].join(' ');

export const communityReason = (c: Omit<CommunityVerdict, 'reason'>): string => {
  const outcome = (s: CommunityVerdict['perSuite'][number]): string => {
    if (s.recommended) return s.recommended;
    if (s.state === 'indeterminate') return 'indéterminé';
    if (s.state === 'energy-unknown') return `suffisants ${frList(s.goodEnough)}`;
    return s.state === 'insufficient' ? 'aucun modèle suffisant' : 'aucun modèle candidat';
  };
  const list = c.perSuite.map((s) => `${s.suite} : ${outcome(s)}`);
  switch (c.state) {
    case 'single-model':
      return c.frugal
        ? `${c.model} suffit sur chacune des suites et consomme le moins d'énergie sur l'ensemble de leurs cas parmi les modèles qui suffisent partout (${frList(c.goodEverywhere)}).`
        : `${c.model} suffit sur chacune des suites de la communauté.`;
    case 'energy-unknown':
      return `${frList(c.goodEverywhere)} suffisent sur chacune des suites ; le plus sobre ne peut pas être désigné, faute d'énergie connue pour tous.`;
    case 'per-suite':
      if (c.perSuite.every((s) => s.goodEnough.length === 0)) return `Aucun modèle suffisant dans cette communauté — ${list.join(' ; ')}.`;
      return `Pas de modèle unique pour toute la communauté ; suite par suite — ${list.join(' ; ')}.`;
    case 'indeterminate':
      return `Indéterminé : aucune suite ne permet encore de montrer qu'un modèle suffit — ${list.join(' ; ')}.`;
    case 'no-candidate':
      return 'Aucun modèle comparable dans les suites de cette communauté.';
  }
};
