/**
 * Lexical retrieval over corpus passages: BM25 (minisearch) on French-aware tokens. No model, no
 * network, the same answer every time, so a RAG run's retrieval can be checked on its own.
 */
import { createRequire } from 'node:module';
import type MiniSearch from 'minisearch';
import type { Passage } from './corpus.js';
import { processTerm, splitWords } from './tokenize.js';

export type Retrieved = { passage: Passage; /** BM25 score, higher is closer; only comparable within one query. */ score: number };

export interface Retriever {
  /** Number of passages indexed. */
  readonly size: number;
  /**
   * The `topK` passages closest to `query`, best first. Equal scores keep corpus order (file name,
   * then position in the file), so rankings never depend on chance. Passages sharing no term with
   * the query are not returned.
   */
  search(query: string, topK: number): Retrieved[];
}

type Doc = { idx: number; title: string; text: string };

// Required when a retriever is built (a `rag` model runs), not when the provider table loads.
const require = createRequire(import.meta.url);

/** Builds the index once; `search` is synchronous and cheap. */
export const createRetriever = (passages: readonly Passage[]): Retriever => {
  const MiniSearchClass = require('minisearch') as typeof MiniSearch;
  const index = new MiniSearchClass<Doc>({
    idField: 'idx',
    fields: ['title', 'text'],
    tokenize: splitWords,
    processTerm,
    // Exact terms only: prefix and fuzzy matching make short French words match too much.
    searchOptions: { boost: { title: 2 }, prefix: false, fuzzy: false, combineWith: 'OR' },
  });
  index.addAll(passages.map((p, idx) => ({ idx, title: p.title ?? '', text: p.text })));
  return {
    size: passages.length,
    search(query, topK) {
      if (topK <= 0) return [];
      const hits = index.search(query).map((r) => ({ idx: r.id as number, score: r.score }));
      hits.sort((a, b) => b.score - a.score || a.idx - b.idx);
      return hits.slice(0, topK).map((h) => ({ passage: passages[h.idx]!, score: h.score }));
    },
  };
};
