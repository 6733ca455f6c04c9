import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadCorpus, parseCorpusFile, type Passage } from '../../../harness/rag/corpus.js';
import { createRetriever, type Retriever } from '../../../harness/rag/retrieve.js';
import { stripPlural, tokenizeFr } from '../../../harness/rag/tokenize.js';

const FIXTURE = path.resolve(fileURLToPath(import.meta.url), '..', '..', '..', 'fixtures', 'rag', 'mairie');

describe('tokenizeFr', () => {
  it('folds case and accents, splits elisions, drops stop words and plural marks', () => {
    expect(tokenizeFr("Quels sont les horaires d'ouverture de l’État-civil ?")).toEqual(['horaire', 'ouverture', 'etat', 'civil']);
    expect(tokenizeFr('Les BUREAUX des Déchèteries')).toEqual(['bureau', 'decheterie']);
    expect([stripPlural('bus'), stripPlural('stress'), stripPlural('prix'), stripPlural('dossiers')]).toEqual(['bus', 'stress', 'pri', 'dossier']);
  });
});

describe('retriever on the fixture corpus', () => {
  let retriever: Retriever;
  beforeAll(async () => {
    const loaded = await loadCorpus(FIXTURE);
    if (!loaded.ok) throw new Error('corpus invalide');
    retriever = createRetriever(loaded.value);
  });

  const top = (query: string, k = 3): string[] => retriever.search(query, k).map((r) => r.passage.id);

  it('ranks first the passage that holds the answer', () => {
    expect(top("Quels sont les horaires d'ouverture de la mairie le samedi ?")[0]).toBe('reglement-interieur#horaires');
    expect(top('Combien de jours de congés annuels pour un agent ?')[0]).toBe('reglement-interieur#conges-des-agents');
    expect(top("Quels justificatifs pour une carte d'identité ?")[0]).toBe('etat-civil#carte-d-identite');
    expect(top('Quel jour passe la collecte du bac jaune ?')[0]).toBe('dechets#collecte-des-ordures-menageres');
    expect(top('Combien coûte un repas à la cantine ?')[0]).toBe('tarifs-cantine#intro');
    expect(top('Où déposer mes encombrants ?')[0]).toBe('dechets#decheterie');
  });

  it('returns at most topK passages, best first, with scores', () => {
    const hits = retriever.search('demande au guichet', 2);
    expect(hits).toHaveLength(2);
    expect(hits[0]!.score).toBeGreaterThanOrEqual(hits[1]!.score);
    expect(retriever.search('demande', 0)).toEqual([]);
    expect(retriever.size).toBe(11);
  });

  it('returns nothing for a query of stop words or unknown words', () => {
    expect(retriever.search('les de la', 4)).toEqual([]);
    expect(retriever.search('xylophone', 4)).toEqual([]);
  });

  it('is deterministic, and breaks ties by corpus order', () => {
    const query = 'horaires des bacs de tri et des agents';
    expect(top(query, 5)).toEqual(top(query, 5));
    const twins: Passage[] = ['b', 'a', 'c'].flatMap((stem) => parseCorpusFile(`${stem}.md`, '## Piscine\nLa piscine ouvre à 9 h.').passages);
    expect(createRetriever(twins).search('piscine', 3).map((r) => r.passage.id)).toEqual(['b#piscine', 'a#piscine', 'c#piscine']);
  });
});
