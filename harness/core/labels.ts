/** French labels of the closed vocabularies, as the product brief names them for users. */
import type { Classification, Hosting } from './types.js';

export const HOSTING_LABELS: Record<Hosting, string> = {
  local: 'Sur ce poste',
  'on-prem': 'Serveurs de la collectivité',
  'sovereign-cloud': 'Cloud souverain',
  'eu-cloud': 'Cloud européen',
  'foreign-cloud': 'Cloud hors UE',
};

export const CLASSIFICATION_LABELS: Record<Classification, string> = {
  public: 'Public',
  interne: 'Interne',
  sensible: 'Sensible',
  personnel: 'Données personnelles',
};
