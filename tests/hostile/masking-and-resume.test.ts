/**
 * Attacks on the operator's decisions: a suite that switches masking off (`redact: false`) against
 * the config's `policy.redact: always`, and a resume whose manifest.json was given an exception to
 * the policy by hand. The most protective masking wins (relaxations come from the config only and
 * are recorded in the manifest); exceptions are re-confirmed on the command line at resume.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { chats, createProject } from './project.js';

const PHONE = '06 12 34 56 78';
const EMAIL = 'nolwenn.legoff@exemple.fr';

describe('masking: a suite cannot relax the operator', () => {
  let albert: OpenAIServer;
  beforeAll(async () => {
    albert = await startOpenAIServer({ respond: () => 'Bien reçu.' });
  });
  afterAll(() => albert.close());

  const project = (policy: string, suiteRedact: string, modelRedact = '') => {
    const p = createProject('mask');
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: albert, provider: openai-compatible, baseUrl: "${albert.url}", model: m, hosting: sovereign-cloud${modelRedact} }\npolicy:\n  redact: ${policy}\n`);
    p.write('suites/s.yaml', `id: courriers\ntitle: c\ncommunity: c\nclassification: sensible\n${suiteRedact}prompt: "Réponds à {{mail}} ({{tel}})"\ntests:\n  - { vars: { mail: "${EMAIL}", tel: "${PHONE}" } }\n`);
    return p;
  };

  it.each([
    ['policy always, suite redact: false', 'always', 'redact: false\n'],
    ['policy auto, suite redact: false', 'auto', 'redact: false\n'],
    ['policy never, suite redact: true (the suite may ask for more)', 'never', 'redact: true\n'],
  ])('%s: the server sees placeholders only', async (_name, policy, suiteRedact) => {
    const p = project(policy, suiteRedact);
    const before = chats(albert).length;
    const r = await runCli(['run'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    const sent = chats(albert).slice(before).map((q) => JSON.stringify(q.body)).join('\n');
    expect(sent).not.toContain(EMAIL);
    expect(sent).not.toContain('06 12');
    expect(sent).toMatch(/\[EMAIL_1\]/);
  });

  it('the config operator can relax for one model, and the manifest says so', async () => {
    const p = project('always', '', ', redact: false');
    const r = await runCli(['run'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    const [runDir] = p.runDirs();
    const manifest = JSON.parse(p.read(runDir!, 'manifest.json')) as { masking: { policy: string; relaxations: { by: string }[] } };
    expect(manifest.masking).toEqual({ policy: 'always', relaxations: [expect.objectContaining({ by: 'models[albert].redact', value: false })] });
  });
});

describe('resume does not trust manifest.json for exceptions', () => {
  let cloud: OpenAIServer;
  beforeAll(async () => {
    cloud = await startOpenAIServer({ respond: () => 'vu' });
  });
  afterAll(() => cloud.close());

  const interruptedRun = async () => {
    const p = createProject('resume');
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: reference, provider: reference, hosting: local }\n  - { id: cloud-us, provider: openai-compatible, baseUrl: "${cloud.url}", model: big, hosting: foreign-cloud }\n`);
    p.write('suites/rh.yaml', 'id: rh\ntitle: rh\ncommunity: rh\nclassification: personnel\nprompt: "{{q}}"\ntests:\n  - { id: a, vars: { q: "Arrêt maladie de M. Tanguy" }, reference: "x" }\n');
    const first = await runCli(['run', '--model', 'reference', '--model', 'cloud-us'], { cwd: p.dir });
    expect(first.code, first.stderr).toBe(0);
    const [runDir] = p.runDirs();
    // As after a crash: the cloud's lines are not there yet.
    writeFileSync(join(runDir!, 'results.jsonl'), readFileSync(join(runDir!, 'results.jsonl'), 'utf8').split('\n').filter((l) => l.includes('"reference"')).join('\n') + '\n');
    return { p, runDir: runDir! };
  };

  it('an exception added by hand is refused: exit 2, nothing sent', async () => {
    const { p, runDir } = await interruptedRun();
    const manifestFile = join(runDir, 'manifest.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { plan: { overrides: unknown[] } };
    manifest.plan.overrides.push({ suite: 'rh', model: 'cloud-us', by: 'cheffe', at: '2026-01-01T00:00:00.000Z' });
    writeFileSync(manifestFile, JSON.stringify(manifest));
    const before = chats(cloud).length;
    const r = await runCli(['run', '--resume', runDir], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/manifest\.json contient l’exception rh:cloud-us .* doit être confirmée à la reprise/);
    expect(chats(cloud).length).toBe(before);
  });

  it('an exception cannot be slipped in at resume either', async () => {
    const { p, runDir } = await interruptedRun();
    const before = chats(cloud).length;
    const r = await runCli(['run', '--resume', runDir, '--allow-egress', 'rh:cloud-us'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/une exception ne s’ajoute pas à une campagne reprise/);
    expect(chats(cloud).length).toBe(before);
  });
});
