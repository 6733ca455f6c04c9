/**
 * Wrappers (`rag`, or any provider kind with `innerModel`) hand the case data to another model of
 * the config, which may itself be a wrapper. Where the data ends up is the end of that chain, so a
 * wrapper is at most as sovereign as the least sovereign model along it. This file walks every
 * chain to its end (any depth), refuses loops, and refuses a wrapper that declares itself more
 * sovereign than what it wraps: the declared hosting then always is the resolved one.
 */
import type { Issue, SourceLocation } from '../core/errors.js';
import { HOSTING_LABELS } from '../core/labels.js';
import { HOSTINGS, type Hosting } from '../core/types.js';

/** What the resolver needs of a model block: its id, declared hosting and the model it wraps. */
export type ChainNode = { id: string; hosting: Hosting; inner?: string };

export type ChainResolution = {
  /** Per wrapper id: the models it passes case data to, nearest first, the last one being the endpoint. */
  chains: Map<string, string[]>;
  issues: Issue[];
};

/** Where the i-th block's field is written, and its dotted path for messages. */
type Place = (index: number, field: 'model' | 'hosting') => { at: SourceLocation; path: string };

const rank = (h: Hosting): number => HOSTINGS.indexOf(h);

/**
 * Walks every wrapper's chain. `nodes` are in config order; `place(i, field)` locates a field of
 * the i-th block. Each problem is reported once, at the wrapper that can fix it.
 */
export const resolveHostingChains = (nodes: readonly ChainNode[], place: Place): ChainResolution => {
  const byId = new Map(nodes.map((n, i) => [n.id, { node: n, index: i }]));
  const chains = new Map<string, string[]>();
  const issues: Issue[] = [];
  nodes.forEach((start, index) => {
    if (start.inner === undefined) return;
    const chain: string[] = [];
    let current = start;
    let broken = false;
    while (current.inner !== undefined) {
      const next = byId.get(current.inner);
      if (!next) {
        // Reported by the wrapper that names the missing model, not by every wrapper above it.
        if (current === start) {
          issues.push({ ...place(index, 'model'), message: `modèle interne « ${current.inner} » non déclaré dans models`, hint: 'model doit être l’id d’un autre modèle de la configuration' });
        }
        broken = true;
        break;
      }
      if (next.node.id === start.id || chain.includes(next.node.id)) {
        // A loop is reported by each of its members (each can break it), never by a model that only leads into it.
        if (next.node.id === start.id) {
          issues.push({
            ...place(index, 'model'),
            message: `boucle de modèles : ${[start.id, ...chain, start.id].join(' → ')} ; les données ne parviendraient à aucun modèle`,
            hint: 'le dernier maillon doit être un modèle qui répond lui-même (gguf, ollama, openai-compatible…)',
          });
        }
        broken = true;
        break;
      }
      chain.push(next.node.id);
      current = next.node;
    }
    if (broken) return;
    chains.set(start.id, chain);
    const weakest = chain.map((id) => byId.get(id)!.node).reduce((a, b) => (rank(b.hosting) >= rank(a.hosting) ? b : a)); // ties: the one nearer the end
    if (rank(weakest.hosting) > rank(start.hosting)) {
      issues.push({
        ...place(index, 'hosting'),
        message: `« ${start.id} » se déclare « ${HOSTING_LABELS[start.hosting]} » mais transmet les cas à ${weakest.id} (« ${HOSTING_LABELS[weakest.hosting]} ») par ${[start.id, ...chain].join(' → ')}`,
        hint: `déclarez hosting: ${weakest.hosting} : un intermédiaire n’est jamais plus souverain que le modèle auquel il envoie les données`,
      });
    }
  });
  return { chains, issues };
};

/** The model that actually receives a model's requests: itself, or the end of its wrapper chain. */
export const egressModelId = (model: { id: string; wraps?: readonly string[] }): string => model.wraps?.at(-1) ?? model.id;
