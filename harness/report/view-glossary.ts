/**
 * The glossary: each word of the page in plain French, then, one click away, the exact method, its
 * formula and its source for the specialist. The words come from the message catalogue. Pure.
 */
import type { ViewContext } from './view-context.js';

export const GLOSSARY_IDS = [
  'passRate', 'interval', 'recommended', 'significant', 'indeterminate', 'measured', 'cpuTime', 'modelSize', 'co2', 'led', 'latency',
  'calibration', 'demo', 'pareto',
] as const;

export type GlossaryEntry = { id: string; term: string; plain: string; exact: string; source: string };

export const glossaryView = (ctx: ViewContext): GlossaryEntry[] =>
  GLOSSARY_IDS.map((id) => ({
    id: `glossaire-${id}`,
    term: ctx.t.label(`glossary.${id}.term`),
    plain: ctx.t.label(`glossary.${id}.plain`),
    exact: ctx.t.label(`glossary.${id}.exact`),
    source: ctx.t.label(`glossary.${id}.source`),
  }));
