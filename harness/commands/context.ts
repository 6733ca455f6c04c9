/**
 * What every command gets from `main`: the outside world (streams, environment, working folder,
 * clocks), plus the shared loading steps (config, suites) that turn files into validated data.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { HarnessError, invalidInput, type Issue } from '../core/errors.js';
import type { Suite } from '../core/types.js';
import { suggestName } from '../core/suggest.js';
import { loadConfig, parseConfig, type ProviderRegistry } from '../config/load-config.js';
import type { Config } from '../config/schema.js';
import { loadSuite, type AssertionChecker } from '../suites/load-suite.js';
import { parseYaml } from '../suites/parse-yaml.js';
import { readUserText } from '../suites/read-text.js';
import { readDatasetReaders } from '../suites/dataset-readers.js';
import { realPathOf, resolveUserPath } from '../suites/user-path.js';
import { datasetFloors } from '../sovereignty/classification.js';
import { createPersonalDataScan } from '../sovereignty/pii-in-cases.js';

export type Output = NodeJS.WritableStream & { isTTY?: boolean };

export type CommandContext = {
  stdout: Output;
  stderr: Output;
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  fetch: typeof globalThis.fetch;
  now: () => number;
  date: () => Date;
  /** Aborted on the first Ctrl-C: stop scheduling. */
  stopSignal: AbortSignal;
  /** Aborted on the second Ctrl-C: cancel in-flight requests. */
  abortSignal: AbortSignal;
};

export const CONFIG_FILE = 'bac-a-sable.config.yaml';

/**
 * The folder a run is written under (`--out`, else the config's `defaults.out`): a folder typed
 * openly may be anywhere, but one inside the project must not lead out of it through a link.
 */
export const resolveOutputRoot = (ctx: CommandContext, config: Config, cliOut?: string): string => {
  const written = cliOut ?? config.defaults.out;
  const checked = resolveUserPath(written, ctx.cwd, [ctx.cwd], { writtenOutside: 'allow' });
  if (!checked.ok) {
    const at = cliOut !== undefined || !config.file ? { file: '(ligne de commande)', line: 1 } : { file: display(ctx, config.file), line: 1 };
    throw invalidInput([{ at, path: cliOut !== undefined ? '--out' : 'defaults.out', message: checked.message, hint: 'donnez un dossier de sortie sans lien symbolique vers l’extérieur, ou son chemin réel' }]);
  }
  return checked.path;
};

/** Used when the project has no config file: the embedded default, no key or server needed. */
export const BUILTIN_CONFIG = `models:
  - { id: reference, provider: reference, hosting: local }
  - { id: echo, provider: echo, hosting: local }
defaults:
  models: [reference, echo]
`;

/**
 * Folders searched for local model files after `models/`: `BAC_A_SABLE_MODELS_PATH` (separated by
 * `:`), then the observatory's shared folder next to the checkout (`../shared/models`).
 */
export const modelSearchPath = (ctx: CommandContext): string[] => [
  ...(ctx.env.BAC_A_SABLE_MODELS_PATH ?? '').split(':').filter(Boolean).map((d) => resolve(ctx.cwd, d)),
  resolve(ctx.cwd, '..', 'shared', 'models'),
];

export const display = (ctx: CommandContext, file: string): string => {
  const rel = relative(ctx.cwd, file);
  return rel.startsWith('..') ? file : rel;
};

export const readConfig = (ctx: CommandContext, providers: ProviderRegistry, configPath?: string): Config => {
  const file = configPath ? resolve(ctx.cwd, configPath) : join(ctx.cwd, CONFIG_FILE);
  if (!configPath && !existsSync(file)) {
    const loaded = parseConfig(BUILTIN_CONFIG, '(configuration intégrée)', null, providers);
    if (!loaded.ok) throw new HarnessError('run-failed', 'configuration intégrée invalide'); // a bug, not a user error
    return loaded.value;
  }
  const loaded = loadConfig(file, display(ctx, file), providers, ctx.cwd);
  if (!loaded.ok) throw invalidInput(loaded.issues);
  return loaded.value;
};

const SUITE_EXTENSIONS = new Set(['.yaml', '.yml']);

/**
 * Every suite file under a folder, sorted (a suite folder may hold datasets too: those are YAML lists,
 * skipped). Folders are visited once by real path, so a link looping back cannot recurse forever.
 */
export const findSuiteFiles = (dir: string): string[] => {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const visited = new Set<string>();
  const walk = (d: string) => {
    const real = realPathOf(d);
    if (visited.has(real)) return;
    visited.add(real);
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      let isDir: boolean;
      try {
        isDir = statSync(p).isDirectory();
      } catch {
        continue; // a dangling link: nothing to read
      }
      if (isDir) walk(p);
      else if (SUITE_EXTENSIONS.has(extname(name).toLowerCase())) out.push(p);
    }
  };
  walk(dir);
  return out;
};

/** The `id:` of a suite file, read cheaply, for `--suite ID`. */
const suiteIdOf = (file: string): string | undefined => {
  const read = readUserText(file);
  if (!read.ok) return undefined;
  const parsed = parseYaml(read.text, file);
  if (!parsed.ok) return undefined;
  const value = parsed.value.value as { id?: unknown } | null;
  return typeof value?.id === 'string' ? value.id : undefined;
};

/** Resolves `--suite` arguments (ids or paths) to files; none means every suite of the suites folder. */
export const resolveSuiteFiles = (ctx: CommandContext, config: Config, selectors: readonly string[]): string[] => {
  const suitesDir = resolve(ctx.cwd, config.defaults.suites);
  if (selectors.length === 0) return findSuiteFiles(suitesDir);
  const known = findSuiteFiles(suitesDir).map((file) => ({ file, id: suiteIdOf(file) }));
  const issues: Issue[] = [];
  const files: string[] = [];
  for (const sel of selectors) {
    const asPath = resolve(ctx.cwd, sel);
    if (/[\\/]|\.ya?ml$/i.test(sel) || existsSync(asPath)) {
      // A path typed on the command line is relative to the current folder, not to a suite file.
      if (!existsSync(asPath)) {
        issues.push({
          at: { file: '(ligne de commande)', line: 1 },
          path: '--suite',
          message: `fichier de suite introuvable : ${sel} (chemin donné sur la ligne de commande, lu depuis ${display(ctx, ctx.cwd) || '.'} : ${asPath})`,
          hint: 'vérifiez le chemin depuis le dossier où vous lancez la commande, ou donnez l’id de la suite (bac-a-sable list suites)',
        });
        continue;
      }
      files.push(asPath);
      continue;
    }
    const match = known.find((k) => k.id === sel);
    if (match) files.push(match.file);
    else {
      const close = suggestName(sel, known.flatMap((k) => (k.id ? [k.id] : [])));
      issues.push({
        at: { file: '(ligne de commande)', line: 1 },
        path: '--suite',
        message: `suite « ${sel} » introuvable dans ${display(ctx, suitesDir)}/`,
        hint: close ? `vouliez-vous dire « ${close} » ?` : 'donnez un id de suite (bac-a-sable list suites) ou un chemin de fichier',
      });
    }
  }
  if (issues.length > 0) throw invalidInput(issues);
  return [...new Set(files)];
};

export type LoadSuitesOptions = {
  /** The project's suites folder: every suite in it counts for the classification of shared datasets. */
  suitesDir?: string;
  /** false: check cases without keeping them (validate, bounded memory). */
  keepCases?: boolean;
  /** The config's `policy.publicContacts`: values the personal-data scan lets through. Required, so
   * that no command can forget it and refuse the project's own public contacts. */
  publicContacts: readonly string[];
};

/**
 * Loads every suite, collecting the problems of all files before failing. Suite files must be in the
 * project once links are followed; the classification of a dataset is the highest any suite of the
 * project gives it; cases of `public`/`interne` suites are scanned for personal data.
 */
export const loadSuites = (ctx: CommandContext, files: readonly string[], scorers: AssertionChecker, opts: LoadSuitesOptions): { suites: Suite[]; issues: Issue[]; caseCount: number } => {
  const suites: Suite[] = [];
  const issues: Issue[] = [];
  let caseCount = 0;
  const projectFiles = opts.suitesDir ? findSuiteFiles(resolve(ctx.cwd, opts.suitesDir)) : [];
  const scan = createPersonalDataScan(opts.publicContacts);
  const datasetFloor = datasetFloors(readDatasetReaders([...new Set([...projectFiles, ...files])]));
  for (const file of files) {
    const inside = resolveUserPath(file, ctx.cwd, [ctx.cwd], { writtenOutside: 'allow' });
    if (!inside.ok) {
      issues.push({ at: { file: display(ctx, file), line: 1 }, path: '', message: inside.message, hint: inside.hint });
      continue;
    }
    const loaded = loadSuite(file, {
      projectRoot: ctx.cwd,
      scorers,
      displayRoot: ctx.cwd,
      datasetFloor,
      ...(opts.keepCases === false ? { keepCases: false } : {}),
      checkCase: scan.inCase,
      checkSuiteText: scan.inSuiteText,
    });
    if (loaded.ok) {
      suites.push(loaded.value);
      caseCount += loaded.value.caseCount ?? loaded.value.cases.length;
    } else issues.push(...loaded.issues);
  }
  const ids = new Map<string, string>();
  for (const s of suites) {
    const prev = ids.get(s.id);
    if (prev) issues.push({ at: { file: display(ctx, s.file), line: 1, column: 1 }, path: 'id', message: `id de suite « ${s.id} » déjà utilisé`, hint: `par ${display(ctx, prev)}` });
    ids.set(s.id, s.file);
  }
  return { suites, issues, caseCount };
};
