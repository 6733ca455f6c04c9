/**
 * `bac-a-sable validate [PATH…]`: every problem in the config, suites and datasets, each on one
 * line as `file:line:col  field: message (hint)`. Paths may be suite files or folders of suites.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { invalidInput, isHarnessError, type Issue } from '../core/errors.js';
import type { ProviderRegistry } from '../config/load-config.js';
import type { AssertionChecker } from '../suites/load-suite.js';
import { findSuiteFiles, loadSuites, readConfig, type CommandContext } from './context.js';

export type ValidateArgs = { paths: string[]; config?: string };

export const validateCommand = (ctx: CommandContext, args: ValidateArgs, deps: { providers: ProviderRegistry; checker: AssertionChecker }): void => {
  const issues: Issue[] = [];
  let suitesDir = 'suites';
  let publicContacts: readonly string[] = [];
  try {
    const config = readConfig(ctx, deps.providers, args.config);
    suitesDir = config.defaults.suites;
    publicContacts = config.policy.publicContacts;
  } catch (e) {
    if (isHarnessError(e) && e.issues) issues.push(...e.issues);
    else throw e;
  }
  const targets = args.paths.length > 0 ? args.paths : [suitesDir];
  const files = targets.flatMap((p) => {
    const abs = resolve(ctx.cwd, p);
    if (existsSync(abs) && statSync(abs).isDirectory()) return findSuiteFiles(abs);
    return [abs];
  });
  const loaded = loadSuites(ctx, files, deps.checker, { suitesDir, keepCases: false, publicContacts });
  issues.push(...loaded.issues);
  if (issues.length > 0) throw invalidInput(issues);
  ctx.stdout.write(`✓ configuration valide ; ${loaded.suites.length} suite(s), ${loaded.caseCount} cas : aucun problème.\n`);
};
