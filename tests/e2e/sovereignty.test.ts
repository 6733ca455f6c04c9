/**
 * The sovereignty guard through the real CLI: a personnel suite never reaches a foreign-cloud
 * model (its loopback server counts zero requests), the refusal is listed with its reason, the run
 * goes on with the allowed models, and egress.json records who saw what.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

describe('sovereignty guard', () => {
  let cloud: OpenAIServer;
  let maison: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    cloud = await startOpenAIServer({ respond: () => 'réponse du cloud' });
    maison = await startOpenAIServer({ respond: () => 'réponse maison' });
    dir = mkdtempSync(join(tmpdir(), 'bas-sov-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      `models:
  - { id: cloud-us, provider: openai-compatible, baseUrl: "${cloud.url}", model: big, hosting: foreign-cloud }
  - { id: serveur-dsn, provider: openai-compatible, baseUrl: "${maison.url}", model: small, hosting: on-prem }
`,
    );
    writeFileSync(join(dir, 'perso.yaml'), 'id: dossiers-agents\ntitle: Dossiers\ncommunity: rh\nclassification: personnel\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "Résume le dossier de Mme Le Goff" } }\n  - { vars: { q: "Congés de M. Tanguy" } }\n');
    writeFileSync(join(dir, 'mixte.yaml'), 'id: mixte\ntitle: Mixte\ncommunity: rh\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { id: pub, vars: { q: "Horaires de la mairie" } }\n  - { id: priv, classification: personnel, vars: { q: "Adresse de M. Tanguy" } }\n');
  });
  afterAll(async () => {
    await cloud.close();
    await maison.close();
  });

  it('sends a personnel suite only to allowed hostings, lists the refusal and records the egress', async () => {
    const r = await runInProcess(['run', '--suite', 'perso.yaml', '--suite', 'mixte.yaml', '--config', 'config.yaml', '--out', 'out'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(cloud.requests.filter((q) => q.path.endsWith('/chat/completions')).map((q) => JSON.stringify(q.body))).toEqual([expect.stringContaining('Horaires de la mairie')]);
    expect(r.stderr).toMatch(/⛔ dossiers-agents × cloud-us : 2 cas non envoyé\(s\) — données « personnel » non autorisées vers « Cloud hors UE »/);
    expect(r.stderr).toMatch(/⛔ mixte × cloud-us : 1 cas non envoyé\(s\)/);
    const [runId] = readdirSync(join(dir, 'out'));
    const runDir = join(dir, 'out', runId!);
    const lines = readFileSync(join(runDir, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.model === 'cloud-us').map((l) => l.caseId)).toEqual(['pub']);
    expect(lines.filter((l) => l.model === 'serveur-dsn')).toHaveLength(4);
    const egress = JSON.parse(readFileSync(join(runDir, 'egress.json'), 'utf8'));
    const hostCloud = new URL(cloud.url).host;
    expect(egress.hosts.find((h: { host: string }) => h.host === hostCloud)).toMatchObject({ hosting: 'foreign-cloud', models: ['cloud-us'], cases: { public: 1 } });
    expect(egress.hosts.find((h: { host: string }) => h.host === new URL(maison.url).host)).toMatchObject({ hosting: 'on-prem', cases: { personnel: 3, public: 1 } });
    expect(egress.refusals).toHaveLength(2);
  });

  it('exits 2 when the policy leaves nothing to run', async () => {
    const before = cloud.requests.length;
    const r = await runInProcess(['run', '--suite', 'perso.yaml', '--config', 'config.yaml', '--model', 'cloud-us', '--out', 'out2'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/refuse tous les envois/);
    expect(cloud.requests.length).toBe(before);
  });

  it('lets an explicit --allow-egress through and records who asked', async () => {
    const r = await runInProcess(['run', '--suite', 'perso.yaml', '--config', 'config.yaml', '--model', 'cloud-us', '--allow-egress', 'dossiers-agents:cloud-us', '--out', 'out3'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/exception à la politique : dossiers-agents → cloud-us \(demandée par/);
    const [runId] = readdirSync(join(dir, 'out3'));
    const manifest = JSON.parse(readFileSync(join(dir, 'out3', runId!, 'manifest.json'), 'utf8'));
    expect(manifest.plan.overrides).toEqual([expect.objectContaining({ suite: 'dossiers-agents', model: 'cloud-us', by: expect.any(String), at: expect.any(String) })]);
  });
});

describe('redaction before egress', () => {
  it('masks personal data in requests to a non-local model and restores it in the answer before scoring', async () => {
    const albert = await startOpenAIServer({ respond: (b) => `Bien reçu : ${b.messages.at(-1)?.content ?? ''}` });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'bas-redact-'));
      writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: albert, provider: openai-compatible, baseUrl: "${albert.url}", model: m, hosting: sovereign-cloud }\n`);
      writeFileSync(
        join(dir, 'courriers.yaml'),
        `id: courriers\ntitle: Courriers\ncommunity: assistants\nclassification: sensible\nprompt: "Réponds à {{usager}} ({{mail}}, tél. {{tel}}), IBAN {{iban}}."\ntests:\n  - vars: { usager: "Mme Nolwenn Le Goff", mail: "nolwenn.legoff@exemple.fr", tel: "06 12 34 56 78", iban: "FR76 3000 6000 0112 3456 7890 189" }\n    assert: [{ type: icontains, value: "nolwenn.legoff@exemple.fr" }]\n`,
      );
      const r = await runInProcess(['run', '--suite', 'courriers.yaml', '--config', 'config.yaml', '--out', 'out'], dir);
      expect(r.code, r.stderr).toBe(0);
      const sent = JSON.stringify(albert.requests.map((q) => q.body));
      for (const pii of ['nolwenn.legoff@exemple.fr', '06 12 34 56 78', 'FR76 3000 6000 0112 3456 7890 189', 'Le Goff']) expect(sent).not.toContain(pii);
      expect(sent).toContain('[EMAIL_1]');
      const [runId] = readdirSync(join(dir, 'out'));
      const [line] = readFileSync(join(dir, 'out', runId!, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(line.status).toBe('passed'); // the answer got the real address back before scoring
      expect(line.output).toContain('nolwenn.legoff@exemple.fr');
      expect(line.prompt).toContain('[EMAIL_1]'); // the result keeps the request as it was sent
      const egress = JSON.parse(readFileSync(join(dir, 'out', runId!, 'egress.json'), 'utf8'));
      expect(egress.hosts[0].redactions).toBeGreaterThanOrEqual(4);
    } finally {
      await albert.close();
    }
  });
});
