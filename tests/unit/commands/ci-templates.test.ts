/**
 * The CI templates of docs/ci/ (GitLab CI, GitHub Actions, Kubernetes Indexed Job): each parses as
 * YAML, and every `bac-a-sable` command and option they call exists in the yargs definition.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { optionsOf } from '../../../harness/cli.js';

const DIR = fileURLToPath(new URL('../../../docs/ci/', import.meta.url));
const SUBCOMMANDS: Record<string, number> = { models: 2, history: 2, energy: 2 };

/** Every string in a YAML value, depth first. */
const strings = (v: unknown): string[] => (typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : []);

/** `bac-a-sable CMD … --opt …` calls in a script line: the command words and the options used. */
const calls = (text: string): { command: string[]; options: string[] }[] =>
  [...text.matchAll(/bac-a-sable\s+([^|;&>\n]+)/g)].map((m) => {
    const words = m[1]!.trim().split(/\s+/);
    const depth = SUBCOMMANDS[words[0]!] ?? 1;
    return { command: words.slice(0, depth), options: words.filter((w) => w.startsWith('--')).map((w) => w.replace(/^--/, '').replace(/=.*$/, '')) };
  });

describe('CI templates in docs/ci', () => {
  const files = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));

  it('there is one for GitLab CI, GitHub Actions and Kubernetes', () => {
    expect(files.sort()).toEqual(['github-actions.yml', 'gitlab-ci.yml', 'kubernetes-job.yaml']);
  });

  for (const file of files) {
    it(`${file}: parses, and calls only commands and options that exist`, async () => {
      const text = readFileSync(join(DIR, file), 'utf8');
      const docs = parseAllDocuments(text);
      for (const d of docs) expect(d.errors, file).toEqual([]);
      const found = docs.flatMap((d) => strings(d.toJS())).flatMap(calls);
      expect(found.length).toBeGreaterThan(0);
      for (const c of found) {
        const known = await optionsOf(c.command);
        expect(known.length, `${c.command.join(' ')} : commande inconnue`).toBeGreaterThan(0);
        for (const o of c.options) expect(known, `${file} : bac-a-sable ${c.command.join(' ')} --${o}`).toContain(o);
      }
    });
  }

  it('the GitLab template: parallel shard jobs, a merge job with the JUnit report, pages', () => {
    const ci = parseAllDocuments(readFileSync(join(DIR, 'gitlab-ci.yml'), 'utf8'))[0]!.toJS() as Record<string, { parallel?: number; script?: string[]; artifacts?: { reports?: { junit?: string } } }>;
    expect(ci.campagne?.parallel).toBe(3);
    expect(ci.campagne?.script?.join('\n')).toMatch(/--shard "\$CI_NODE_INDEX\/\$CI_NODE_TOTAL"/);
    expect(ci.reunion?.artifacts?.reports?.junit).toBe('junit.xml');
    expect(ci.pages).toBeDefined();
  });

  it('the Kubernetes template is an Indexed Job mapping JOB_COMPLETION_INDEX to --shard and recording into BAC_A_SABLE_DB', () => {
    const job = parseAllDocuments(readFileSync(join(DIR, 'kubernetes-job.yaml'), 'utf8'))[0]!.toJS();
    expect(job.spec.completionMode).toBe('Indexed');
    const c = job.spec.template.spec.containers[0];
    expect(c.args.join(' ')).toMatch(/--shard "\$\(\(JOB_COMPLETION_INDEX \+ 1\)\)\/3"/);
    expect(c.env.map((e: { name: string }) => e.name)).toContain('BAC_A_SABLE_DB');
  });

  it('the checker itself catches an option that does not exist', async () => {
    const [c] = calls('npx bac-a-sable run --shard 1/2 --parts 3');
    expect(await optionsOf(c!.command)).not.toContain('parts');
  });
});
