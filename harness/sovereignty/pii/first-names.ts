/**
 * Very common French first names, written from INSEE's « Fichier des prénoms » rankings (births
 * 1940–2020), kept to names that are not also ordinary words or places: Rose, Marine, France,
 * Olive, Ange and the like are left out on purpose, because the name detector trades recall for
 * precision.
 */
export const COMMON_FIRST_NAMES: readonly string[] = [
  // men
  'Jean', 'Pierre', 'Michel', 'André', 'Philippe', 'Alain', 'Bernard', 'Jacques', 'Daniel', 'Patrick', 'Nicolas',
  'Christophe', 'Stéphane', 'Laurent', 'Frédéric', 'Éric', 'Olivier', 'David', 'Julien', 'Sébastien', 'Thomas',
  'Alexandre', 'Antoine', 'Maxime', 'Guillaume', 'Kévin', 'Romain', 'Mathieu', 'Matthieu', 'Vincent', 'Thierry',
  'Pascal', 'Christian', 'Gérard', 'Marcel', 'René', 'Louis', 'Paul', 'Lucas', 'Hugo', 'Léo', 'Gabriel', 'Arthur',
  'Raphaël', 'Jules', 'Mohamed', 'Ahmed', 'Karim', 'Yannick', 'François', 'Benoît', 'Didier', 'Dominique',
  'Claude', 'Serge', 'Fabrice', 'Sylvain', 'Damien', 'Cédric', 'Jérôme', 'Franck', 'Hervé', 'Joël', 'Yves',
  'Georges', 'Henri', 'Robert', 'Roger', 'Emmanuel', 'Mickaël', 'Anthony', 'Quentin', 'Florian', 'Jonathan',
  'Benjamin', 'Baptiste', 'Clément', 'Théo', 'Nathan', 'Enzo', 'Noah', 'Mehdi', 'Youssef', 'Bruno', 'Gilles',
  // women
  'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Françoise', 'Martine', 'Christine', 'Monique', 'Valérie',
  'Sandrine', 'Véronique', 'Nicole', 'Sophie', 'Céline', 'Stéphanie', 'Julie', 'Aurélie', 'Laure', 'Laura',
  'Camille', 'Léa', 'Manon', 'Chloé', 'Emma', 'Louise', 'Alice', 'Inès', 'Sarah', 'Anne', 'Hélène', 'Brigitte',
  'Chantal', 'Danielle', 'Jacqueline', 'Jeanne', 'Madeleine', 'Michèle', 'Patricia', 'Caroline', 'Virginie',
  'Émilie', 'Audrey', 'Mélanie', 'Élodie', 'Pauline', 'Marion', 'Claire', 'Agnès', 'Corinne', 'Florence', 'Nadia',
  'Fatima', 'Karine', 'Delphine', 'Sabrina', 'Amandine', 'Anaïs', 'Clara', 'Zoé', 'Lucie', 'Juliette',
  'Charlotte', 'Margaux', 'Élise', 'Mathilde', 'Élisabeth', 'Odile', 'Josiane', 'Simone', 'Yvette', 'Denise',
  'Suzanne', 'Colette', 'Annie', 'Évelyne', 'Béatrice', 'Sandra', 'Céline', 'Nadine', 'Gisèle', 'Yasmine',
];
