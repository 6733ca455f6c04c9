/**
 * « Qui a vu quelles données ? »: a placeholder section that renders only when the run folder has
 * an egress.json (the sovereignty ledger, written by another part of the harness). Pure.
 */
import { DASH } from './format.js';
import type { ViewContext } from './view-context.js';

export type EgressRow = {
  destination: string;
  model: string;
  hosting: string;
  suite: string;
  classification: string;
  requests: string;
  redactions: string;
};

export type SovereigntyView = { rows: EgressRow[] };

export const sovereigntyView = (ctx: ViewContext): SovereigntyView | null => {
  const { egress } = ctx.data;
  if (egress === null) return null;
  return {
    rows: egress.entries.map((e) => ({
      destination: e.destination ?? DASH,
      model: e.model ? ctx.modelLabel(e.model) : DASH,
      hosting: e.hosting ? (ctx.t.maybe(`hosting.${e.hosting}`) ?? e.hosting) : e.model ? ctx.hostingLabel(e.model) : DASH,
      suite: e.suite ? ctx.suiteTitle(e.suite) : DASH,
      classification: e.classification ? ctx.classificationLabel(e.classification) : DASH,
      requests: ctx.f.integer(e.requests),
      redactions: ctx.f.integer(e.redactions),
    })),
  };
};
