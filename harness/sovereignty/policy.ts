/**
 * The hosting policy: which classification of test data may reach which hosting. Fail-closed: a
 * pair not explicitly allowed is refused. Defaults follow the administration's rule — personal data
 * stays on its own machines, sensitive data may also go to a sovereign cloud, internal data to an
 * EU cloud, public data anywhere.
 */
import { z } from 'zod';
import { CLASSIFICATIONS, HOSTINGS, type Classification, type Hosting } from '../core/types.js';

export const DEFAULT_POLICY: Record<Classification, readonly Hosting[]> = {
  personnel: ['local', 'on-prem'],
  sensible: ['local', 'on-prem', 'sovereign-cloud'],
  interne: ['local', 'on-prem', 'sovereign-cloud', 'eu-cloud'],
  public: HOSTINGS,
};

const HostingList = z.array(z.enum(HOSTINGS));

/** `policy:` in the config: per classification, the hostings allowed; `redact` says when PII is masked. */
export const PolicySchema = z.strictObject({
  personnel: HostingList.optional(),
  sensible: HostingList.optional(),
  interne: HostingList.optional(),
  public: HostingList.optional(),
  /** auto: mask PII for any non-local model when a case contains some; always; never. */
  redact: z.enum(['auto', 'always', 'never']).optional(),
  /**
   * The organisation's own public contacts, which are not personal data in a public or internal
   * suite: literal values, `@domaine.fr` for a whole e-mail domain, `02 61 91 *` for a range.
   */
  publicContacts: z.array(z.string().trim().min(2)).optional(),
});
export type PolicyConfig = z.infer<typeof PolicySchema>;

export type Policy = { allowed: Record<Classification, readonly Hosting[]>; redact: 'auto' | 'always' | 'never'; publicContacts: readonly string[] };

export const resolvePolicy = (config: PolicyConfig | undefined): Policy => ({
  allowed: Object.fromEntries(CLASSIFICATIONS.map((c) => [c, config?.[c] ?? DEFAULT_POLICY[c]])) as Policy['allowed'],
  redact: config?.redact ?? 'auto',
  publicContacts: config?.publicContacts ?? [],
});

export const isAllowed = (policy: Policy, classification: Classification, hosting: Hosting): boolean =>
  policy.allowed[classification].includes(hosting);

/** An explicit, recorded exception: `--allow-egress SUITE:MODEL`. */
export type EgressOverride = { suite: string; model: string };

export const parseOverride = (text: string): EgressOverride | undefined => {
  const m = /^([^:]+):(.+)$/.exec(text.trim());
  return m ? { suite: m[1]!, model: m[2]! } : undefined;
};

export type Refusal = { suite: string; model: string; classification: Classification; hosting: Hosting; cases: number; reason: string };

type SuiteLike = { id: string; community: string; classification: Classification; cases: readonly { id: string; classification?: Classification }[] };
type ModelLike = { id: string; hosting: Hosting; suites?: readonly string[] };

/**
 * Decides, before the first request, which (case, model) pairs may be sent. Returns the predicate
 * the runner applies and the refusals to list, grouped by suite × model × classification.
 */
export const admit = (policy: Policy, suites: readonly SuiteLike[], models: readonly ModelLike[], overrides: readonly EgressOverride[], labels: Record<Hosting, string>) => {
  const overridden = (suite: string, model: string) => overrides.some((o) => o.suite === suite && o.model === model);
  const refusals = new Map<string, Refusal>();
  const refused = new Set<string>();
  for (const suite of suites) {
    for (const model of models) {
      if (model.suites && !model.suites.includes(suite.id) && !model.suites.includes(suite.community)) continue;
      if (overridden(suite.id, model.id)) continue;
      for (const c of suite.cases) {
        const classification = c.classification ?? suite.classification;
        if (isAllowed(policy, classification, model.hosting)) continue;
        refused.add(JSON.stringify([suite.id, c.id, model.id]));
        const key = JSON.stringify([suite.id, model.id, classification]);
        const r = refusals.get(key) ?? {
          suite: suite.id,
          model: model.id,
          classification,
          hosting: model.hosting,
          cases: 0,
          reason: `données « ${classification} » non autorisées vers « ${labels[model.hosting]} » (autorisé : ${policy.allowed[classification].map((h) => labels[h]).join(', ') || 'aucun'})`,
        };
        r.cases++;
        refusals.set(key, r);
      }
    }
  }
  return {
    refusals: [...refusals.values()],
    accepts: (modelId: string, suiteId: string, caseId: string) => !refused.has(JSON.stringify([suiteId, caseId, modelId])),
    refusedCount: refused.size,
  };
};
