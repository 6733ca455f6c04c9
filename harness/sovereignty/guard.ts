/**
 * The request guard the runner calls around each request: masks personal data before it leaves
 * this machine when the policy asks for it, and writes every egress into the ledger.
 */
import type { Classification, Hosting, Message, Suite, TestCase } from '../core/types.js';
import type { EgressLedger } from './egress.js';
import type { Policy } from './policy.js';
import type { GuardedModel, RequestGuard } from './types.js';

/** One redactor per request: the same value gets the same placeholder in every message. */
export type Redactor = { redact(text: string): { text: string }; restore(text: string): string; total(): number };

export type GuardOptions = {
  policy: Policy;
  ledger: EgressLedger;
  /** Host that receives a model's requests (see egress.ts hostOf). */
  hostOf(modelId: string): string;
  /** Per-model `redact:` from the config (true forces, false forbids). */
  modelRedact(modelId: string): boolean | undefined;
  /** Absent when no PII detector is available: then nothing can be masked, only recorded. */
  createRedactor?(): Redactor;
  /** Whether a text holds personal data (for `redact: auto`). */
  hasPii?(text: string): boolean;
};

const shouldRedact = (o: GuardOptions, hosting: Hosting, modelId: string, suite: Suite, messages: Message[]): boolean => {
  const forced = o.modelRedact(modelId);
  if (forced !== undefined) return forced;
  if (suite.redact !== undefined) return suite.redact;
  if (hosting === 'local' || o.policy.redact === 'never') return false;
  if (o.policy.redact === 'always') return true;
  return messages.some((m) => o.hasPii?.(m.content) ?? false);
};

export const createRequestGuard = (o: GuardOptions): RequestGuard => ({
  prepare(model: GuardedModel, suite: Suite, testCase: TestCase, messages: Message[]) {
    if (!o.createRedactor || !shouldRedact(o, model.hosting, model.id, suite, messages)) return { messages, restore: (t) => t, redactions: 0 };
    const redactor = o.createRedactor();
    const masked = messages.map((m) => ({ ...m, content: redactor.redact(m.content).text }));
    return { messages: masked, restore: (t) => redactor.restore(t), redactions: redactor.total() };
  },
  sent(model: GuardedModel, suite: Suite, testCase: TestCase, bytes: number, redactions: number) {
    const classification: Classification = testCase.classification ?? suite.classification;
    o.ledger.record({ host: o.hostOf(model.id), hosting: model.hosting, model: model.id, suite: suite.id, classification, bytes, redactions });
  },
});
