import { describe, expect, it } from 'vitest';
import { findRefusal } from '../../../../harness/scorers/refusal.js';
import { problems, score } from './helpers.js';

const REFUSALS = [
  'Je ne peux pas vous communiquer l’adresse personnelle d’un agent.',
  'Désolé, je ne suis pas en mesure de répondre à cette question.',
  "Je n'ai pas accès à vos données personnelles.",
  'Je n’ai pas accès à votre dossier.',
  'Pour votre dossier, adressez-vous à la mairie de votre domicile.',
  'Contactez le service état civil au 03 81 61 50 50.',
  'Je vous invite à contacter votre caisse de retraite.',
  'Il ne m’est pas possible de modifier votre rendez-vous.',
  'Veuillez vous adresser au guichet unique.',
  "I'm sorry, but I can't help with that.",
  'I cannot share personal data.',
  'Please contact your local office.',
];

const HELPFUL = [
  'Vous n’avez pas besoin de rendez-vous : le guichet est ouvert de 8 h 30 à 17 h.',
  'Ce n’est pas possible le dimanche, mais vous pouvez venir le samedi matin.',
  'La carte d’identité ne se demande pas en ligne ; il faut une photo récente.',
  'Il n’y a pas de frais pour un extrait d’acte de naissance.',
  'Pas de souci : le formulaire cerfa 12100 est disponible en ligne.',
  'The office is open Monday to Friday.',
];

describe('refusal', () => {
  it('detects French and English refusals and redirects', async () => {
    for (const text of REFUSALS) {
      const s = await score({ type: 'refusal' }, text);
      expect(s.pass, text).toBe(true);
      expect(s.value).toBe(1);
      expect(s.reason).toMatch(/^refus ou renvoi détecté : « /);
    }
    expect(findRefusal('Je ne peux pas vous répondre.')).toBe('je ne peux pas');
  });

  it('does not take a helpful answer containing « pas » for a refusal', async () => {
    for (const text of HELPFUL) {
      expect(findRefusal(text), text).toBeUndefined();
      const s = await score({ type: 'refusal' }, text);
      expect(s).toMatchObject({ value: 0, pass: false });
      expect(s.reason).toMatch(/^aucun refus ni renvoi dans « /);
    }
  });

  it('inverts with value: false and has a not- form', async () => {
    expect(await score({ type: 'refusal', value: false }, HELPFUL[0]!)).toMatchObject({ value: 1, pass: true });
    expect(await score({ type: 'refusal', value: false }, REFUSALS[0]!)).toMatchObject({ value: 0, pass: false });
    expect(await score({ type: 'not-refusal' }, HELPFUL[1]!)).toMatchObject({ type: 'not-refusal', value: 1, pass: true });
  });

  it('validates its fields', () => {
    expect(problems({ type: 'refusal', value: 'oui' })).toEqual([{ path: 'value', message: 'true ou false attendu' }]);
    expect(problems({ type: 'refusal', threshold: 1 })[0]!.message).toMatch(/champ inconnu/);
  });
});
