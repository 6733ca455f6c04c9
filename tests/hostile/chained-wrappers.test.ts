/**
 * Attack: hide a foreign cloud behind wrappers. A `rag` that wraps a `rag` that wraps a foreign-cloud
 * model, each declared "local", once sent personal cases abroad (hosting was inherited one level
 * only). Now every chain is resolved to its end: a false declaration or a loop is an input error
 * (exit 2, located in the config, 0 requests), and an honest chain is judged by where data lands.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { chats, CORPUS, createProject, jsonLines, suiteYaml } from './project.js';

const rag = (id: string, inner: string, hosting: string) => `  - { id: ${id}, provider: rag, model: ${inner}, corpus: docs, topK: 1, hosting: ${hosting} }\n`;

describe('chained wrappers', () => {
  let cloud: OpenAIServer;
  beforeAll(async () => {
    cloud = await startOpenAIServer({ respond: () => 'réponse du cloud' });
  });
  afterAll(() => cloud.close());

  const project = (models: string, defaults: string[]) => {
    const p = createProject('chain');
    p.write('docs/mairie.md', CORPUS);
    p.write('suites/perso.yaml', suiteYaml('dossiers', 'personnel', ['Dossier de Mme Le Goff, née le 3 mars 1961', 'Arrêt maladie de M. Tanguy']));
    p.write('suites/public.yaml', suiteYaml('horaires', 'public', ['Horaires de la mairie ?']));
    p.write('bac-a-sable.config.yaml', `models:\n${models}  - { id: cloud-us, provider: openai-compatible, baseUrl: "${cloud.url}", model: big, hosting: foreign-cloud }\ndefaults:\n  models: [${defaults.join(', ')}]\n`);
    return p;
  };

  it.each([
    ['two rag levels declared local', rag('rag-a', 'rag-b', 'local') + rag('rag-b', 'cloud-us', 'local'), 2],
    ['three levels, only the top one lying', rag('rag-a', 'rag-b', 'on-prem') + rag('rag-b', 'rag-c', 'foreign-cloud') + rag('rag-c', 'cloud-us', 'foreign-cloud'), 2],
    ['inner wrappers listed after the outer one, lying in the middle', rag('rag-a', 'rag-b', 'foreign-cloud') + rag('rag-b', 'rag-c', 'sovereign-cloud') + rag('rag-c', 'cloud-us', 'foreign-cloud'), 3],
  ])('%s: exit 2 at the lying block, nothing sent, nothing written', async (_name, models, line) => {
    const p = project(models, ['rag-a']);
    const before = chats(cloud).length;
    const r = await runCli(['run'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`bac-a-sable\\.config\\.yaml:${line}:\\d+ {2}models\\.${line - 2}\\.hosting: « rag-\\w » se déclare .* mais transmet les cas à cloud-us \\(« Cloud hors UE »\\)`));
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(chats(cloud).length).toBe(before);
    expect(p.runDirs()).toEqual([]);
    const v = await runCli(['validate'], { cwd: p.dir });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/se déclare/);
  });

  it.each([
    ['a two-model loop', rag('rag-a', 'rag-b', 'local') + rag('rag-b', 'rag-a', 'local'), /boucle de modèles : rag-a → rag-b → rag-a/],
    ['a wrapper wrapping itself', rag('rag-a', 'rag-a', 'local'), /boucle de modèles : rag-a → rag-a/],
    ['a loop reached through a wrapper', rag('rag-a', 'rag-b', 'local') + rag('rag-b', 'rag-c', 'local') + rag('rag-c', 'rag-b', 'local'), /boucle de modèles : rag-b → rag-c → rag-b/],
  ])('%s: exit 2 with the loop spelt out', async (_name, models, message) => {
    const p = project(models, ['rag-a']);
    const before = chats(cloud).length;
    const r = await runCli(['run'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(chats(cloud).length).toBe(before);
  });

  it('an honest chain is judged by its end: personal cases refused, public ones sent and recorded at the real host', async () => {
    const p = project(rag('rag-a', 'rag-b', 'foreign-cloud') + rag('rag-b', 'cloud-us', 'foreign-cloud'), ['rag-a']);
    const before = chats(cloud).length;
    const r = await runCli(['run'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/⛔ dossiers × rag-a : 2 cas non envoyé\(s\)/);
    const sent = chats(cloud).slice(before).map((q) => JSON.stringify(q.body));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(/Horaires de la mairie/);
    expect(sent.join('')).not.toMatch(/Le Goff|Tanguy/);
    const [runDir] = p.runDirs();
    const results = jsonLines(p.read(runDir!, 'results.jsonl')) as { suite: string; model: string }[];
    expect(results.filter((x) => x.suite === 'dossiers')).toEqual([]);
    const egress = JSON.parse(p.read(runDir!, 'egress.json')) as { hosts: { host: string; hosting: string; models: string[]; cases: Record<string, number> }[] };
    expect(egress.hosts).toEqual([expect.objectContaining({ host: new URL(cloud.url).host, hosting: 'foreign-cloud', models: ['rag-a'], cases: { public: 1 } })]);
    for (const f of ['results.jsonl', 'results.csv', 'egress.json', 'manifest.json', 'summary.json']) expect(p.read(runDir!, f)).not.toMatch(/Le Goff|Tanguy/);
  });
});
