/**
 * Why an energy figure is unknown, and how a reader can make it known: an unknown figure must name
 * the missing fact, never only say « non mesurée ».
 */

export type MissingFact = { setting: string; key: string };

/** The configuration entry that gives a remote model's size to EcoLogits (see README « Énergie et carbone »). */
export const MODEL_SIZES_SETTING = 'energy.modelSizes';

/** The fact a `model-size-unknown` reading lacks: the model's size, under the name EcoLogits was asked about. */
export const missingModelSize = (modelName: string): MissingFact => ({ setting: MODEL_SIZES_SETTING, key: modelName });

/** Plain French: what is unknown, and the line to add to the configuration. */
export const explainUnknown = (reason: string, missing: MissingFact | null): string => {
  if (reason === 'model-size-unknown' && missing) {
    return (
      `taille du modèle « ${missing.key} » inconnue (non publiée et absente du registre) : ajoutez-la dans la configuration, ` +
      `${missing.setting}: { ${JSON.stringify(missing.key)}: { totalB: 8 } } (milliards de paramètres ; une fourchette [min, max] si elle n’est pas publiée, ` +
      `activeB pour un modèle à experts), puis relancez la campagne`
    );
  }
  if (missing) return `${reason} : renseignez ${missing.setting} (${missing.key}) dans la configuration`;
  return reason;
};
