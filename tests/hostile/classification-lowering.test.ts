/**
 * Attack: lower the classification of personal data so that it may go abroad — a row marked
 * `__classification: public` inside a `personnel` suite, or a new `public` suite pointing at the
 * dataset of a `personnel` suite (directly or through a link). A case or suite can only raise a
 * classification: each attempt is an input error located at file:line, and the cloud gets nothing.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { chats, createProject, jsonLines } from './project.js';

const SUITE = (id: string, classification: string, tests: string) => `id: ${id}\ntitle: ${id}\ncommunity: rh\nclassification: ${classification}\nprompt: "{{q}}"\ntests: ${tests}\n`;

describe('classification can only go up', () => {
  let cloud: OpenAIServer;
  beforeAll(async () => {
    cloud = await startOpenAIServer({ respond: () => 'vu' });
  });
  afterAll(() => cloud.close());

  const project = () => {
    const p = createProject('classif');
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: cloud-us, provider: openai-compatible, baseUrl: "${cloud.url}", model: big, hosting: foreign-cloud }\n`);
    p.write('datasets/rh.csv', 'q;__classification\nArrêt maladie de M. Tanguy;\nHoraires du service RH;public\n');
    return p;
  };

  const refused = async (p: ReturnType<typeof project>, args: string[], where: RegExp) => {
    const before = chats(cloud).length;
    const v = await runCli(['validate'], { cwd: p.dir });
    expect(v.code, v.stderr).toBe(2);
    expect(v.stderr).toMatch(where);
    const r = await runCli(['run', ...args], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(where);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(chats(cloud).length).toBe(before);
    expect(p.runDirs()).toEqual([]);
  };

  it('a CSV row cannot lower its personnel suite to public', async () => {
    const p = project();
    p.write('suites/rh.yaml', SUITE('dossiers-rh', 'personnel', '../datasets/rh.csv'));
    await refused(p, [], /datasets\/rh\.csv:3:2 {2}classification: « public » abaisserait la classification de ces données \(« personnel »/);
  });

  it('a JSONL or inline case cannot lower its sensible suite', async () => {
    const p = project();
    p.write('datasets/s.jsonl', '{"vars":{"q":"Note de service"}}\n{"vars":{"q":"Dossier"},"classification":"interne"}\n');
    p.write('suites/s.yaml', `${SUITE('notes', 'sensible', '\n  - ../datasets/s.jsonl\n  - { vars: { q: "x" }, classification: public }')}`);
    await refused(p, [], /datasets\/s\.jsonl:2 {2}classification: « interne » abaisserait/);
  });

  it('a public suite cannot read the dataset of a personnel suite, even when run alone', async () => {
    const p = project();
    p.write('datasets/rh-perso.csv', 'q\nArrêt maladie de M. Tanguy\n');
    p.write('suites/rh.yaml', SUITE('dossiers-rh', 'personnel', '../datasets/rh-perso.csv'));
    p.write('suites/faq.yaml', SUITE('faq', 'public', '../datasets/rh-perso.csv'));
    await refused(p, ['--suite', 'faq'], /suites\/faq\.yaml:4:\d+ {2}classification: suite classée « public », mais son jeu de données datasets\/rh-perso\.csv est aussi lu par suites\/rh\.yaml, classée « personnel »/);
  });

  it('nor through a link to that dataset, nor through another path spelling', async () => {
    const p = project();
    p.write('datasets/rh-perso.csv', 'q\nArrêt maladie de M. Tanguy\n');
    p.write('suites/rh.yaml', SUITE('dossiers-rh', 'personnel', '../datasets/rh-perso.csv'));
    symlinkSync(join(p.dir, 'datasets/rh-perso.csv'), join(p.dir, 'datasets/faq.csv'));
    p.write('suites/faq.yaml', SUITE('faq', 'public', '../datasets/faq.csv'));
    p.write('suites/faq2.yaml', SUITE('faq-2', 'interne', './../datasets/./rh-perso.csv'));
    await refused(p, ['--suite', 'faq', '--suite', 'faq-2'], /suites\/faq2\.yaml:4:\d+ {2}classification: suite classée « interne »/);
  });

  it('raising works: a personnel row of a public suite stays home while the public rows go', async () => {
    const p = project();
    p.write('datasets/pub.csv', 'q;__classification\nHoraires de la mairie;\nArrêt maladie de M. Tanguy;personnel\n');
    p.write('suites/pub.yaml', SUITE('horaires', 'public', '../datasets/pub.csv'));
    const before = chats(cloud).length;
    const r = await runCli(['run'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    const sent = chats(cloud).slice(before).map((q) => JSON.stringify(q.body));
    expect(sent).toHaveLength(1);
    expect(sent.join('')).not.toMatch(/Tanguy/);
    const [runDir] = p.runDirs();
    const egress = JSON.parse(p.read(runDir!, 'egress.json')) as { hosts: { cases: Record<string, number> }[] };
    expect(egress.hosts[0]!.cases).toEqual({ public: 1 });
    expect((jsonLines(p.read(runDir!, 'results.jsonl')) as { caseId: string }[]).map((x) => x.caseId)).toEqual(['cas-1']);
  });
});
