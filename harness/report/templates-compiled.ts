/**
 * The report's Handlebars templates, precompiled once when dist/ is built instead of at every
 * report (parsing and code generation of every template and partial cost a tenth of a second or
 * more per run). `render.ts` uses the precompiled module when it is there and the Handlebars that
 * made it is the one installed; otherwise (running the sources through tsx) it compiles as before.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Handlebars from 'handlebars';

/** Every template is compiled strict: a missing field throws instead of printing nothing. */
export const COMPILE_OPTIONS = { strict: true } as const;

/** Beside the templates, relative to `report/`. */
export const PRECOMPILED_MODULE = './templates/precompiled.js';

/** What `Handlebars.template` takes (the global `TemplateSpecification` of its typings). */
type Spec = Parameters<typeof Handlebars.template>[0];

export type PrecompiledTemplates = {
  version: string;
  templates: Record<string, Spec>;
  partials: Record<string, Spec>;
};

const hbsFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.hbs')).sort();

/** Source text of an ES module holding every template of `templatesDir` and its `partials/`, precompiled. */
export const precompiledModule = (templatesDir: string): string => {
  const entries = (dir: string, key: (file: string) => string): string =>
    hbsFiles(dir).map((f) => `  ${JSON.stringify(key(f))}: ${Handlebars.precompile(readFileSync(join(dir, f), 'utf8'), COMPILE_OPTIONS)}`).join(',\n');
  return [
    '// Generated when dist/ is built (harness/report/templates-compiled.ts): do not edit.',
    `export const version = ${JSON.stringify(Handlebars.VERSION)};`,
    `export const templates = {\n${entries(templatesDir, (f) => f)}\n};`,
    `export const partials = {\n${entries(join(templatesDir, 'partials'), (f) => f.slice(0, -'.hbs'.length))}\n};`,
    '',
  ].join('\n');
};

let loaded: Promise<PrecompiledTemplates | null> | undefined;

/** The precompiled module of dist/, or null when there is none (sources run through tsx). */
export const loadPrecompiled = (): Promise<PrecompiledTemplates | null> => {
  loaded ??= import(new URL(PRECOMPILED_MODULE, import.meta.url).href).then(
    (m: PrecompiledTemplates) => (m.version === Handlebars.VERSION ? m : null),
    (e: unknown) => {
      if ((e as { code?: string }).code === 'ERR_MODULE_NOT_FOUND') return null;
      throw e;
    },
  );
  return loaded;
};
