/**
 * promptfoo assertions → bac-à-sable assertions. One to one where bac-à-sable has the same check;
 * the nearest scorer with a note where it only has a neighbour (levenshtein distance → similarity,
 * BLEU, ROUGE-N → ROUGE-L, contains-json → is-json, closed QA → rubric); dropped with a reason
 * otherwise (code, embeddings, webhooks, cost…). Semantics from promptfoo's assertions reference.
 */
import type { ImportReport } from './report.js';

type At = { file: string; line: number };
type Raw = Record<string, unknown>;

export type MappedAssertion = { assertion?: Raw; reference?: string };

/** Same name, same check (bac-à-sable negates all of them with `not-`). */
const ONE_TO_ONE = new Set(['equals', 'contains', 'icontains', 'contains-any', 'contains-all', 'icontains-any', 'icontains-all', 'starts-with', 'regex', 'is-json']);
/** Model-graded checks bac-à-sable also has; they take `threshold` (0..1) and a judge. */
const GRADED = new Set(['llm-rubric', 'factuality', 'answer-relevance']);
/** Where promptfoo's default thresholds differ from bac-à-sable's (promptfoo assertions reference). */
const PROMPTFOO_DEFAULT_THRESHOLD: Record<string, number> = { bleu: 0.5, 'rouge-n': 0.75 };
/** promptfoo's default maximum edit distance for `levenshtein`. */
const PROMPTFOO_LEVENSHTEIN_MAX = 5;

const LIST_TYPES = new Set(['contains-any', 'contains-all', 'icontains-any', 'icontains-all']);

/** Replaces `{{var}}` in an assertion value by the case's value, as promptfoo renders it per test. */
export const renderValue = (value: unknown, vars: Record<string, unknown>): unknown => {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*([A-Za-z_]\w*)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(vars, name) ? (typeof vars[name] === 'string' ? (vars[name] as string) : JSON.stringify(vars[name])) : whole));
  }
  if (Array.isArray(value)) return value.map((v) => renderValue(v, vars));
  return value;
};

export const hasTemplate = (value: unknown): boolean =>
  typeof value === 'string' ? /\{\{/.test(value) : Array.isArray(value) ? value.some(hasTemplate) : false;

/**
 * Maps one promptfoo assertion, adding its report lines.
 * @param judges model ids of the imported config, to carry a grader `provider` as `judge`
 */
export const mapAssertion = (raw: Raw, at: At, report: ImportReport, judges: ReadonlyMap<string, string>): MappedAssertion => {
  const type = typeof raw.type === 'string' ? raw.type : '';
  const what = `critère ${type || '(sans type)'}`;
  const negated = type.startsWith('not-');
  const base = negated ? type.slice(4) : type;
  const not = negated ? 'not-' : '';
  const drop = (note: string): MappedAssertion => {
    report.add({ status: 'dropped', ...at, what, note });
    return {};
  };
  if (raw.transform !== undefined) return drop('« transform » (code JavaScript appliqué à la sortie) : non importé, le critère changerait de sens');
  const notes: string[] = [];
  let approximated = false;
  const out: Raw = {};
  const common = (): void => {
    if (typeof raw.weight === 'number') out.weight = raw.weight;
    if (typeof raw.metric === 'string') {
      notes.push(`métrique « ${raw.metric} » non reprise (les résultats sont groupés par critère)`);
      approximated = true;
    }
  };
  const grader = (): void => {
    if (raw.provider === undefined) return;
    const judge = typeof raw.provider === 'string' ? judges.get(raw.provider) : undefined;
    if (judge) out.judge = judge;
    else {
      notes.push('correcteur (provider) non repris : le juge de la configuration note');
      approximated = true;
    }
  };
  const done = (mappedNote: string): MappedAssertion => {
    common();
    report.add({ status: approximated ? 'approximated' : 'mapped', ...at, what, note: [mappedNote, ...notes].join(' ; ') });
    return { assertion: out };
  };
  const thresholdIgnored = (): void => {
    if (raw.threshold !== undefined) {
      notes.push('seuil sans objet pour ce critère (réussi ou non) : ignoré');
      approximated = true;
    }
  };

  if (ONE_TO_ONE.has(base)) {
    out.type = type;
    if (raw.value !== undefined) {
      out.value = LIST_TYPES.has(base) && typeof raw.value === 'string' ? raw.value.split(',').map((s) => s.trim()).filter((s) => s !== '') : raw.value;
    }
    if (base === 'equals' && raw.value !== null && typeof raw.value === 'object') {
      out.value = JSON.stringify(raw.value);
      notes.push('objet attendu comparé à son texte JSON (promptfoo compare les objets)');
      approximated = true;
    }
    thresholdIgnored();
    return done(`${type}`);
  }
  if (base === 'contains-json') {
    out.type = `${not}is-json`;
    if (raw.value !== undefined) out.value = raw.value;
    approximated = true;
    notes.push('is-json exige que toute la réponse soit du JSON (promptfoo en cherche un dans le texte)');
    thresholdIgnored();
    return done(`${not}is-json`);
  }
  if (base === 'levenshtein') {
    out.type = `${not}levenshtein`;
    if (raw.value !== undefined) out.value = raw.value;
    const maxDistance = typeof raw.threshold === 'number' ? raw.threshold : PROMPTFOO_LEVENSHTEIN_MAX;
    const length = typeof raw.value === 'string' ? raw.value.length : 0;
    if (length > 0) out.threshold = Math.max(0, Math.min(1, Number((1 - maxDistance / length).toFixed(4))));
    approximated = true;
    notes.push(`distance maximale ${maxDistance} (promptfoo) → similarité ≥ ${String(out.threshold ?? 'par défaut')} rapportée à la longueur attendue`);
    return done(`${not}levenshtein`);
  }
  if (base === 'bleu' || base === 'rouge-n') {
    const target = base === 'bleu' ? 'bleu' : 'rouge-l';
    out.type = `${not}${target}`;
    if (raw.value !== undefined) out.value = raw.value;
    out.threshold = typeof raw.threshold === 'number' ? raw.threshold : PROMPTFOO_DEFAULT_THRESHOLD[base];
    approximated = true;
    notes.push(base === 'bleu' ? `BLEU calculé comme sacreBLEU (lissage) ; seuil ${String(out.threshold)} repris de promptfoo` : `ROUGE-N remplacé par ROUGE-L, le plus proche ; seuil ${String(out.threshold)}`);
    return done(`${not}${target}`);
  }
  if (base === 'latency' && !negated) {
    out.type = 'latency';
    if (typeof raw.threshold === 'number') out.threshold = raw.threshold;
    return done('latency (ms)');
  }
  if (GRADED.has(base) && !negated) {
    out.type = base;
    if (base === 'llm-rubric') out.value = raw.value;
    if (typeof raw.threshold === 'number') out.threshold = raw.threshold;
    grader();
    if (base === 'factuality') {
      common();
      report.add({ status: approximated ? 'approximated' : 'mapped', ...at, what, note: ['factuality (le fait attendu devient la référence du cas)', ...notes].join(' ; ') });
      return { assertion: out, ...(typeof raw.value === 'string' ? { reference: raw.value } : {}) };
    }
    return done(base);
  }
  if (base === 'model-graded-closedqa' && !negated) {
    out.type = 'llm-rubric';
    out.value = `La réponse satisfait ce critère : ${String(raw.value ?? '')}`;
    if (typeof raw.threshold === 'number') out.threshold = raw.threshold;
    grader();
    approximated = true;
    notes.push('question fermée (oui/non) notée par une grille llm-rubric');
    return done('llm-rubric');
  }
  if ((base === 'context-faithfulness' || base === 'context-recall') && !negated) {
    out.type = base;
    if (base === 'context-recall' && raw.value !== undefined) out.value = Array.isArray(raw.value) ? raw.value : [raw.value];
    if (typeof raw.threshold === 'number') out.threshold = raw.threshold;
    if (base === 'context-faithfulness') grader();
    approximated = true;
    notes.push(
      base === 'context-faithfulness'
        ? 'les extraits sont ceux retrouvés par un modèle RAG de bac-à-sable, non la variable « context »'
        : 'passages attendus cherchés parmi les extraits retrouvés (promptfoo fait juger la variable « context » par un modèle)',
    );
    return done(base);
  }
  const reasons: Record<string, string> = {
    javascript: 'code JavaScript : non exécuté par bac-à-sable',
    python: 'code Python : non exécuté par bac-à-sable',
    similar: 'similarité de plongements (embeddings) : pas de critère équivalent',
    webhook: 'appel d’un service externe : non repris',
    cost: 'coût en dollars : bac-à-sable mesure l’énergie, pas le prix',
    perplexity: 'perplexité : pas de critère équivalent',
    'perplexity-score': 'perplexité : pas de critère équivalent',
    'assert-set': 'groupe de critères : non repris, écrivez les critères un à un',
  };
  return drop(reasons[base] ?? `pas de critère équivalent dans bac-à-sable (voir bac-a-sable list scorers)`);
};
