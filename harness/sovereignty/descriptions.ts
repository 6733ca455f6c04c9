/**
 * French explanations of the sensitivity classes and hostings, for the README, the contributor's
 * guide and the report. Labels come from core/labels.ts so the product speaks one vocabulary.
 */
import { CLASSIFICATION_LABELS, HOSTING_LABELS } from '../core/labels.js';
import type { Classification, Hosting } from '../core/types.js';

export type DescriptionFr = { label: string; description: string };

export const CLASSIFICATION_DESCRIPTIONS_FR: Record<Classification, DescriptionFr> = {
  public: {
    label: CLASSIFICATION_LABELS.public,
    description:
      'Informations déjà publiées ou destinées à l’être, que chacun peut lire sans dommage pour personne : textes du site de la ville, délibérations publiées, horaires des équipements, guides et formulaires en ligne. Par défaut, ces cas de test peuvent être envoyés à tout modèle, y compris dans un cloud hors de l’Union européenne.',
  },
  interne: {
    label: CLASSIFICATION_LABELS.interne,
    description:
      'Documents de travail de la collectivité, non publiés mais sans enjeu particulier s’ils circulaient : notes de service, comptes rendus de réunion, procédures internes, brouillons de courriers types sans nom ni coordonnées. Par défaut, ils restent en France ou dans l’Union européenne.',
  },
  sensible: {
    label: CLASSIFICATION_LABELS.sensible,
    description:
      'Données dont la divulgation nuirait à la collectivité ou à des tiers, même sans donnée personnelle : marchés publics en cours (offres, prix, analyses), sécurité des bâtiments et des systèmes d’information, contentieux et conseils juridiques, négociations. Par défaut, elles ne quittent les serveurs de la collectivité que vers un cloud souverain.',
  },
  personnel: {
    label: CLASSIFICATION_LABELS.personnel,
    description:
      'Données à caractère personnel au sens du RGPD : toute information qui se rapporte à une personne identifiée ou identifiable, directement ou non (nom, adresse, téléphone, e-mail, numéro de sécurité sociale, IBAN, date de naissance, dossier d’usager ou d’agent). Par défaut, elles restent sur ce poste ou sur les serveurs de la collectivité ; le banc d’essai peut de plus masquer ces données avant tout envoi.',
  },
};

export const HOSTING_DESCRIPTIONS_FR: Record<Hosting, DescriptionFr> = {
  local: {
    label: HOSTING_LABELS.local,
    description: 'Le modèle tourne sur la machine qui lance l’évaluation : aucune donnée ne sort de ce poste.',
  },
  'on-prem': {
    label: HOSTING_LABELS['on-prem'],
    description: 'Le modèle tourne sur un serveur exploité par la collectivité (par exemple un serveur GPU de la DSI) : les données restent dans son réseau.',
  },
  'sovereign-cloud': {
    label: HOSTING_LABELS['sovereign-cloud'],
    description: 'Service opéré en France par un acteur soumis au seul droit européen (par exemple qualifié SecNumCloud, ou l’offre de l’État Albert) : les données quittent la collectivité mais restent hors de portée des lois extra-européennes.',
  },
  'eu-cloud': {
    label: HOSTING_LABELS['eu-cloud'],
    description: 'Service hébergé dans l’Union européenne, sans garantie de souveraineté (un fournisseur peut relever d’un droit étranger) : les données quittent la collectivité.',
  },
  'foreign-cloud': {
    label: HOSTING_LABELS['foreign-cloud'],
    description: 'Service hébergé ou contrôlé hors de l’Union européenne : à réserver aux données publiques.',
  },
};
