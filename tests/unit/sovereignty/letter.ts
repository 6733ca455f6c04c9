/** A realistic letter to the town hall, with one value of every kind (all numbers check-valid, all fictitious). */
export const LETTER = `Objet : demande d'aide au logement — dossier n° 2024-0457

Monsieur le Maire,

Je soussignée Mme Claire Dubois, née le 14/07/1982 à Rennes, demeurant 12 rue de la République
35000 Rennes, sollicite une aide au titre du fonds de solidarité.

Vous pouvez me joindre au 06 12 34 56 78 ou par courriel à claire.dubois@example.fr.
Mon numéro de sécurité sociale est le 2 82 07 35 238 112 19.
Merci de verser l'aide sur le compte FR76 3000 6000 0112 3456 7890 189 (BIC BNPAFRPP).
Mon employeur, la société Exemple (SIRET 732 829 320 00074), atteste de mes revenus.
J'ai réglé l'acompte de 1 234,56 € le 12/03/2024 avec la carte 4970 1012 3456 7893 (facture n° 0123456789).

Mon fils Jean Dubois est scolarisé au lycée Jean Moulin.
Je vous prie d'agréer, Monsieur le Maire, l'expression de mes salutations distinguées.

Claire Dubois
`;

/** Each value above, by kind, in text order. */
export const LETTER_PII: [string, string][] = [
  ['name', 'Claire Dubois'],
  ['birth-date', '14/07/1982'],
  ['address', '12 rue de la République\n35000 Rennes'],
  ['phone', '06 12 34 56 78'],
  ['email', 'claire.dubois@example.fr'],
  ['nir', '2 82 07 35 238 112 19'],
  ['iban', 'FR76 3000 6000 0112 3456 7890 189'],
  ['siret', '732 829 320 00074'],
  ['card', '4970 1012 3456 7893'],
  ['name', 'Jean Dubois'],
  ['name', 'Claire Dubois'],
];
