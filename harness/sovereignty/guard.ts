/**
 * The request guard: the one gate every request built from case data crosses before it leaves —
 * candidates, each retry, judges, warm-ups. It checks the hosting policy, masks personal data in
 * everything the provider will be handed (messages, vars, reference: whatever template reaches
 * them), and writes the ledger line before the request is sent, then its outcome.
 */
import { HarnessError, isHarnessError } from '../core/errors.js';
import type { Classification, Hosting, Message, Suite, TestCase, VarValue, Vars } from '../core/types.js';
import type { EgressPurpose, EgressSink } from './egress.js';
import type { PiiKind } from './pii/types.js';
import type { Policy } from './policy.js';
import type { CaseGate, GuardedModel, Outgoing, Prepared, RequestGuard } from './types.js';

/** One redactor per case: the same value gets the same placeholder in every request about it. */
export type Redactor = {
  redact(text: string): { text: string; replacements?: readonly { placeholder: string }[] };
  /** Registers the values found in a text, so they are masked wherever they appear (optional). */
  learn?(text: string): void;
  restore(text: string): string;
};

/** A personal value found in a case of the suite. */
export type FoundValue = { kind: PiiKind; value: string };

export type GuardOptions = {
  policy: Policy;
  ledger: EgressSink;
  /** Where a model's requests really go, through any wrapper (rag → … → the model that answers). */
  route(modelId: string): { host: string; hosting: Hosting };
  /** Per-model `redact:` from the config (true forces, false forbids). */
  modelRedact(modelId: string): boolean | undefined;
  /** Why this model may not see this case's data, or undefined when it may. */
  refusal?(model: GuardedModel, suite: Suite, testCase: TestCase, purpose: EgressPurpose): string | undefined;
  /**
   * Absent when no PII detector is available: then nothing can be masked, only recorded. `known`:
   * values found in the suite's cases, masked wherever they appear, even out of a detector's sight.
   */
  createRedactor?(known?: readonly { kind: PiiKind; value: string }[]): Redactor;
  /** Every suite of the campaign: a value found in any of their cases is masked in every request. */
  suites?: readonly Suite[];
  /** The personal values of a text (to learn every value of the campaign before its first request). */
  findPii?(text: string): readonly { kind: PiiKind; text: string }[];
  /** Whether a text holds personal data (for `redact: auto`). */
  hasPii?(text: string): boolean;
  /** Wall clock for the ledger's timestamps. */
  date?: () => Date;
};

/** Every string of a value, depth first (vars may be lists or objects). */
const stringsOf = (v: VarValue | undefined, out: string[] = []): string[] => {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) stringsOf(x, out);
  return out;
};

const textsOf = (o: Outgoing): string[] => [...o.messages.map((m) => m.content), ...stringsOf(o.vars as VarValue), ...(o.reference === undefined ? [] : [o.reference])];

const shouldRedact = (o: GuardOptions, hosting: Hosting, modelId: string, suite: Suite | undefined, outgoing: Outgoing, known: () => readonly FoundValue[]): boolean => {
  const forced = o.modelRedact(modelId);
  if (forced !== undefined) return forced;
  if (suite?.redact !== undefined) return suite.redact;
  if (hosting === 'local' || o.policy.redact === 'never') return false;
  if (o.policy.redact === 'always') return true;
  return textsOf(outgoing).some((t) => (o.hasPii?.(t) ?? false) || known().some((k) => t.includes(k.value)));
};

const maskValue = (v: VarValue, mask: (s: string) => string): VarValue => {
  if (typeof v === 'string') return mask(v);
  if (Array.isArray(v)) return v.map((x) => maskValue(x, mask));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskValue(x, mask)]));
  return v;
};

const flatten = (messages: readonly Message[]): string => messages.map((m) => m.content).join('\n\n');

const unmasked = (outgoing: Outgoing): Prepared => ({ ...outgoing, text: flatten(outgoing.messages), restore: (t) => t, redactions: 0 });

/** Values shorter than this are only masked where a detector sees them (too common otherwise). */
const MIN_KNOWN_LENGTH = 4;

export const createRequestGuard = (o: GuardOptions): RequestGuard => {
  let seq = 0;
  // Every personal value of the campaign's cases, found once: a name a detector sees in one case
  // (« Mme Tanguy ») is masked in every request, even where it stands alone (« Gwenaëlle Tanguy »).
  const bySuite = new Map<string, FoundValue[]>();
  const knownOf = (suite: Suite | undefined): FoundValue[] => {
    if (!o.findPii || (!suite && !o.suites)) return [];
    const key = o.suites ? '' : suite!.id;
    let found = bySuite.get(key);
    if (!found) {
      const values = new Map<string, PiiKind>();
      for (const c of (o.suites ?? [suite!]).flatMap((x) => x.cases)) {
        for (const t of [...stringsOf(c.vars as VarValue), ...(c.reference === undefined ? [] : [c.reference])]) {
          for (const span of o.findPii(t)) if (span.text.trim().length >= MIN_KNOWN_LENGTH) values.set(span.text, span.kind);
        }
      }
      found = [...values].map(([value, kind]) => ({ kind, value }));
      bySuite.set(key, found);
    }
    return found;
  };
  const now = () => (o.date ? o.date() : new Date()).toISOString();
  return {
    forCase(suite, testCase, repeat): CaseGate {
      let redactor: Redactor | undefined;
      const classification: Classification | undefined = testCase && suite ? (testCase.classification ?? suite.classification) : undefined;
      return {
        prepare(model, purpose, outgoing) {
          const route = o.route(model.id);
          if (suite && testCase) {
            const refused = o.refusal?.(model, suite, testCase, purpose);
            if (refused) throw new HarnessError('policy-refused', `${model.id} : ${refused}`);
          }
          // The campaign's known values are only looked for when masking may apply (never for local models).
          if (!o.createRedactor || !shouldRedact(o, route.hosting, model.id, suite, outgoing, () => knownOf(suite))) return unmasked(outgoing);
          redactor ??= o.createRedactor(knownOf(suite));
          const r = redactor;
          // Learn every value of the request first, so that one found in a field is masked in all.
          for (const t of textsOf(outgoing)) r.learn?.(t);
          const placeholders = new Set<string>();
          const mask = (text: string): string => {
            const out = r.redact(text);
            for (const x of out.replacements ?? []) placeholders.add(x.placeholder);
            return out.text;
          };
          const messages = outgoing.messages.map((m) => ({ ...m, content: mask(m.content) }));
          const vars = Object.fromEntries(Object.entries(outgoing.vars).map(([k, v]) => [k, maskValue(v, mask)])) as Vars;
          const reference = outgoing.reference === undefined ? undefined : mask(outgoing.reference);
          return { messages, vars, ...(reference === undefined ? {} : { reference }), text: flatten(messages), restore: (t) => r.restore(t), redactions: placeholders.size };
        },
        async send(model, purpose, prepared, call) {
          const route = o.route(model.id);
          const n = ++seq;
          const bytes = Buffer.byteLength(JSON.stringify([prepared.messages, prepared.vars, prepared.reference ?? null]));
          o.ledger.write({
            type: 'send', seq: n, at: now(), host: route.host, hosting: route.hosting, model: model.id, purpose,
            ...(suite && testCase ? { suite: suite.id, caseId: testCase.id, repeat, classification } : {}),
            bytes, redactions: prepared.redactions,
          });
          try {
            const value = await call();
            o.ledger.write({ type: 'outcome', seq: n, at: now(), ok: true });
            return value;
          } catch (e) {
            o.ledger.write({ type: 'outcome', seq: n, at: now(), ok: false, code: isHarnessError(e) ? e.code : 'provider-error' });
            throw e;
          }
        },
      };
    },
  };
};

/** The gate used when no guard is configured (unit tests of the runner): nothing masked, nothing recorded. */
export const OPEN_GATE: CaseGate = {
  prepare: (_model, _purpose, outgoing) => unmasked(outgoing),
  send: (_model, _purpose, _prepared, call) => call(),
};
