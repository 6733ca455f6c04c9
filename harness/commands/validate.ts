/**
 * `bac-a-sable validate [PATH…]`: every problem in the config, suites and datasets, each on one
 * line as `file:line:col  field: message (hint)`. Paths may be suite files or folders of suites.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { invalidInput, isHarnessError, type Issue } from '../core/errors.js';
import type { ProviderRegistry } from '../config/load-config.js';
import type { AssertionChecker } from '../suites/load-suite.js';
import { display, findSuiteFiles, loadSuites, readConfig, type CommandContext } from './context.js';

/** A YAML file with top-level `models:` and no `tests:` is a configuration, not a suite. */
const isConfigFile = (file: string): boolean => {
  try {
    const text = readFileSync(file, 'utf8');
    return /^models\s*:/m.test(text) && !/^tests\s*:/m.test(text);
  } catch {
    return false;
  }
};

/** Text `new-suite` writes for the author to replace (new-suite.ts): found as is, it was forgotten. */
const PLACEHOLDERS = [/À compléter/, /^exemple-01[;,\t]/, /exemple : à remplacer/];

const placeholderWarnings = (ctx: CommandContext, files: readonly string[]): string[] =>
  files.flatMap((file) => {
    let lines: string[];
    try {
      lines = readFileSync(file, 'utf8').split(/\r?\n/);
    } catch {
      return [];
    }
    const at = lines.findIndex((l) => PLACEHOLDERS.some((p) => p.test(l)));
    return at < 0 ? [] : [`⚠ ${display(ctx, file)}:${at + 1}  texte d’exemple de « new-suite » encore présent (« À compléter », ligne exemple-01) : remplacez-le par vos consignes et vos cas`];
  });

export type ValidateArgs = { paths: string[]; config?: string };

export const validateCommand = (ctx: CommandContext, args: ValidateArgs, deps: { providers: ProviderRegistry; checker: AssertionChecker }): void => {
  const issues: Issue[] = [];
  let suitesDir = 'suites';
  let publicContacts: readonly string[] = [];
  try {
    // `validate CONFIG.yaml`: a configuration given as a path is validated as one.
    const configPath = args.config ?? args.paths.find((p) => /\.ya?ml$/i.test(p) && isConfigFile(resolve(ctx.cwd, p)));
    const config = readConfig(ctx, deps.providers, configPath);
    suitesDir = config.defaults.suites;
    publicContacts = config.policy.publicContacts;
  } catch (e) {
    if (isHarnessError(e) && e.issues) issues.push(...e.issues);
    else throw e;
  }
  const suitePaths = args.paths.filter((p) => !(/\.ya?ml$/i.test(p) && isConfigFile(resolve(ctx.cwd, p))));
  const targets = suitePaths.length > 0 ? suitePaths : [suitesDir];
  const files = targets.flatMap((p) => {
    const abs = resolve(ctx.cwd, p);
    if (existsSync(abs) && statSync(abs).isDirectory()) return findSuiteFiles(abs);
    return [abs];
  });
  const loaded = loadSuites(ctx, files, deps.checker, { suitesDir, keepCases: false, publicContacts });
  issues.push(...loaded.issues);
  if (issues.length > 0) throw invalidInput(issues);
  for (const w of placeholderWarnings(ctx, [...files, ...loaded.suites.flatMap((x) => x.datasets ?? [])])) ctx.stderr.write(`${w}\n`);
  ctx.stdout.write(`✓ configuration valide ; ${loaded.suites.length} suite(s), ${loaded.caseCount} cas : aucun problème.\n`);
};
