/**
 * Attack class: case values that reach the wire without going through the masking, because a
 * template reads `vars` rather than the rendered prompt — an `http` body `{{json vars.question}}`
 * (the documented form), the `rag` question, a `command` `input:` or argument. What each loopback
 * server (or program) received is scanned for the raw values; the ledger must count masked values
 * only when they were masked.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { startRagServer, type RagServer } from '../helpers/rag-server.js';
import { egressJson, ledgerSends, onlyRunDir, resultsOf } from '../helpers/run-folder.js';

const TEL = '06 12 34 56 78';
const MAIL = 'nolwenn.legoff@exemple.fr';
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const RAW = [TEL, MAIL, IBAN, '0612345678'];

const question = `Mon IBAN ${IBAN} a changé, rappelez-moi au ${TEL} ou écrivez à ${MAIL}. Quels horaires pour la mairie ?`;

describe('hostile: raw variables', { timeout: 180_000 }, () => {
  let service: RagServer;
  let llm: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    service = await startRagServer();
    llm = await startOpenAIServer({ respond: () => 'La mairie est ouverte de 8 h 30 à 17 h.' });
    dir = mkdtempSync(join(tmpdir(), 'bas-hostile-vars-'));
    mkdirSync(join(dir, 'corpus'));
    writeFileSync(join(dir, 'corpus', 'mairie.md'), '# Horaires\n\nLa mairie est ouverte du lundi au vendredi de 8 h 30 à 17 h.\n');
    writeFileSync(
      join(dir, 'config.yaml'),
      `models:
  - id: outil
    provider: http
    url: "${service.url}/ask"
    body: '{"prompt": {{json vars.question}}, "contacts": {{json vars.contacts}} }'
    hosting: sovereign-cloud
  - { id: llm, provider: openai-compatible, baseUrl: "${llm.url}", model: m, hosting: sovereign-cloud }
  - { id: rag-llm, provider: rag, model: llm, corpus: corpus, hosting: sovereign-cloud }
  - { id: programme, provider: command, command: /bin/sh, env: { PATH: "/usr/bin:/bin" }, args: ["-c", "tee -a recu-stdin.log; echo \\"$0\\" >> recu-args.log", "{{vars.question}}"], input: "{{vars.question}}", hosting: on-prem }
`,
    );
    writeFileSync(
      join(dir, 'usagers.yaml'),
      `id: usagers\ntitle: Usagers\ncommunity: accueil\nclassification: sensible\nprompt: "Réponds à l'usager."\ndefaultTest:\n  assert: [{ type: icontains, value: "mairie" }]\ntests:\n  - vars:\n      question: "${question}"\n      contacts: ["${TEL}", { mail: "${MAIL}" }]\n`,
    );
  });
  afterAll(async () => {
    await service.close();
    await llm.close();
  });

  it('http: a body built from vars carries placeholders, never the values, and the ledger counts them', async () => {
    const r = await runInProcess(['run', '--suite', 'usagers.yaml', '--config', 'config.yaml', '--model', 'outil', '--out', 'o-http'], dir);
    expect(r.code, r.stderr).toBe(0);
    const sent = service.requests.map((q) => q.rawBody).join('\n');
    expect(sent).toContain('[TEL_1]');
    expect(sent).toContain('[EMAIL_1]');
    for (const raw of RAW) expect(sent).not.toContain(raw);
    const runDir = onlyRunDir(join(dir, 'o-http'));
    expect(egressJson(runDir).hosts.find((h) => h.host === new URL(service.url).host)!.redactions).toBeGreaterThanOrEqual(3);
    expect(resultsOf(runDir)[0]!.status).toBe('passed');
  });

  it('rag: the question read from vars is masked before the inner model gets it', async () => {
    const r = await runInProcess(['run', '--suite', 'usagers.yaml', '--config', 'config.yaml', '--model', 'rag-llm', '--out', 'o-rag'], dir);
    expect(r.code, r.stderr).toBe(0);
    const sent = llm.requests.map((q) => JSON.stringify(q.body)).join('\n');
    expect(sent).toContain('[IBAN_1]');
    for (const raw of RAW) expect(sent).not.toContain(raw);
    // The wrapper's requests are recorded under the host that received them, not « ce poste ».
    const runDir = onlyRunDir(join(dir, 'o-rag'));
    const host = egressJson(runDir).hosts.find((h) => h.host === new URL(llm.url).host);
    expect(host).toMatchObject({ models: ['rag-llm'], hosting: 'sovereign-cloud', cases: { sensible: 1 } });
    expect(host!.redactions).toBeGreaterThanOrEqual(3);
    expect(egressJson(runDir).hosts.map((h) => h.host)).not.toContain('ce poste (local)');
  });

  it('command: input: and arguments built from vars get placeholders', async () => {
    const r = await runInProcess(['run', '--suite', 'usagers.yaml', '--config', 'config.yaml', '--model', 'programme', '--out', 'o-cmd'], dir);
    expect(r.code, r.stderr).toBe(0);
    const stdin = readFileSync(join(dir, 'recu-stdin.log'), 'utf8');
    const args = readFileSync(join(dir, 'recu-args.log'), 'utf8');
    expect(stdin).toContain('[EMAIL_1]');
    expect(args).toContain('[EMAIL_1]');
    for (const raw of RAW) {
      expect(stdin).not.toContain(raw);
      expect(args).not.toContain(raw);
    }
    const runDir = onlyRunDir(join(dir, 'o-cmd'));
    // The program's answer (the masked question) is restored before scoring: the values are back.
    expect(resultsOf(runDir)[0]!.output).toContain(MAIL);
    expect(ledgerSends(runDir).filter((l) => l.purpose !== 'warm-up')).toEqual([expect.objectContaining({ model: 'programme', hosting: 'on-prem', redactions: 3 })]);
  });

  it('never counts as masked what was sent in clear (redact: never)', async () => {
    const d = mkdtempSync(join(tmpdir(), 'bas-hostile-vars-never-'));
    const before = service.requests.length;
    writeFileSync(join(d, 'config.yaml'), `policy: { redact: never }\nmodels:\n  - { id: outil, provider: http, url: "${service.url}/ask", body: '{"prompt": {{json vars.question}} }', hosting: on-prem }\n`);
    writeFileSync(join(d, 's.yaml'), `id: s\ntitle: S\ncommunity: accueil\nclassification: sensible\nprompt: "x"\ntests:\n  - { vars: { question: "Écrire à ${MAIL}" }, assert: [{ type: icontains, value: "mairie" }] }\n`);
    const r = await runInProcess(['run', '--suite', 's.yaml', '--config', 'config.yaml', '--out', 'o'], d);
    expect(r.code, r.stderr).toBe(0);
    expect(service.requests.slice(before).map((q) => q.rawBody).join('')).toContain(MAIL);
    expect(egressJson(onlyRunDir(join(d, 'o'))).hosts[0]!.redactions).toBe(0);
  });
});
