/**
 * Attack class: a judge sees what the candidate did not. A judge request is an egress like any
 * other: the same policy, the same masking (with the candidate's placeholders, so the verdict
 * still compares like with like), the same ledger — checked on what the judge's loopback server
 * received and on egress.json / egress.jsonl.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { egressJson, ledgerSends, onlyRunDir, resultsOf } from '../helpers/run-folder.js';

const TEL = '06 12 34 56 78';
const MAIL = 'nolwenn.legoff@exemple.fr';
const NIR = '2 82 07 35 238 112 19';
const RAW = [TEL, MAIL, NIR];

const chatBodies = (s: OpenAIServer) => s.requests.filter((r) => r.path.endsWith('/chat/completions')).map((r) => JSON.stringify(r.body));

describe('hostile: judges', { timeout: 180_000 }, () => {
  let cand: OpenAIServer;
  let judge: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    // The candidate repeats what it got; the judge approves and quotes the placeholder it saw.
    cand = await startOpenAIServer({ respond: (b) => `Bien noté : ${b.messages.at(-1)?.content ?? ''}` });
    judge = await startOpenAIServer({ respond: () => JSON.stringify({ score: 1, reason: 'cohérent' }) });
    dir = mkdtempSync(join(tmpdir(), 'bas-hostile-judges-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      `models:
  - { id: cand, provider: openai-compatible, baseUrl: "${cand.url}", model: c, hosting: sovereign-cloud }
  - { id: echo, provider: echo, hosting: local }
  - { id: juge, provider: openai-compatible, baseUrl: "${judge.url}", model: j, hosting: sovereign-cloud, maxRetries: 0 }
`,
    );
    writeFileSync(
      join(dir, 'dossiers.yaml'),
      `id: dossiers\ntitle: Dossiers\ncommunity: rh\nclassification: sensible\njudge: juge\nprompt: "Rappeler l'agent au {{tel}} ou écrire à {{mail}} (NIR {{nir}})."\ndefaultTest:\n  assert: [{ type: factuality }]\ntests:\n  - { id: agent, vars: { tel: "${TEL}", mail: "${MAIL}", nir: "${NIR}" }, reference: "Écrire à ${MAIL} ou appeler le ${TEL}." }\n`,
    );
  });
  afterAll(async () => {
    await cand.close();
    await judge.close();
  });

  it('masks prompt, answer and reference for the judge with the candidate’s own placeholders', async () => {
    const r = await runInProcess(['run', '--suite', 'dossiers.yaml', '--config', 'config.yaml', '--model', 'cand', '--out', 'o1'], dir);
    expect(r.code, r.stderr).toBe(0);
    const [toCand] = chatBodies(cand);
    const toJudge = chatBodies(judge);
    expect(toJudge).toHaveLength(1);
    for (const raw of RAW) {
      expect(toCand).not.toContain(raw);
      expect(toJudge[0]).not.toContain(raw);
    }
    // The same values carry the same placeholders in the judge's prompt, answer and reference.
    for (const p of ['[TEL_1]', '[EMAIL_1]', '[NIR_1]']) expect(toCand).toContain(p);
    expect(toJudge[0]!.split('[EMAIL_1]').length - 1).toBeGreaterThanOrEqual(3); // prompt, answer, reference
    expect(toJudge[0]).toContain('[TEL_1]');
    expect(toJudge[0]).not.toMatch(/\[(EMAIL|TEL|NIR)_2\]/);
    const runDir = onlyRunDir(join(dir, 'o1'));
    expect(resultsOf(runDir)[0]).toMatchObject({ status: 'passed' });
    // The judge is on record: its own host, its hosting, what it saw masked.
    const host = egressJson(runDir).hosts.find((h) => h.host === new URL(judge.url).host);
    expect(host).toMatchObject({ hosting: 'sovereign-cloud', models: ['juge'], suites: ['dossiers'], cases: { sensible: 1 } });
    expect(host!.redactions).toBeGreaterThanOrEqual(3);
    expect(ledgerSends(runDir).filter((l) => l.purpose === 'judge')).toEqual([expect.objectContaining({ model: 'juge', host: new URL(judge.url).host, caseId: 'agent' })]);
  });

  it('masks for a remote judge even when the candidate is local and saw everything', async () => {
    const before = judge.requests.length;
    const r = await runInProcess(['run', '--suite', 'dossiers.yaml', '--config', 'config.yaml', '--model', 'echo', '--out', 'o2'], dir);
    expect(r.code, r.stderr).toBe(0);
    const sent = judge.requests.slice(before).map((q) => JSON.stringify(q.body)).join('\n');
    expect(sent).toContain('[EMAIL_1]');
    for (const raw of RAW) expect(sent).not.toContain(raw);
    const runDir = onlyRunDir(join(dir, 'o2'));
    // A judge-only model is listed under its own host, never as « ce poste ».
    const hosts = egressJson(runDir).hosts;
    expect(hosts.find((h) => h.models.includes('juge'))).toMatchObject({ host: new URL(judge.url).host, hosting: 'sovereign-cloud' });
    expect(hosts.find((h) => h.host === 'ce poste (local)')?.models ?? []).not.toContain('juge');
  });

  it('records every judge request in the ledger, retries included', async () => {
    const flaky = await startOpenAIServer({
      respond: (() => {
        let n = 0;
        return () => (++n === 1 ? { status: 503, body: { error: { message: 'surcharge' } } } : JSON.stringify({ score: 1, reason: 'ok' }));
      })(),
    });
    try {
      const d = mkdtempSync(join(tmpdir(), 'bas-hostile-judges-retry-'));
      writeFileSync(join(d, 'config.yaml'), `models:\n  - { id: echo, provider: echo, hosting: local }\n  - { id: juge, provider: openai-compatible, baseUrl: "${flaky.url}", model: j, hosting: on-prem, maxRetries: 2 }\n`);
      writeFileSync(join(d, 's.yaml'), `id: s\ntitle: S\ncommunity: rh\nclassification: interne\njudge: juge\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "Horaires ?" }, assert: [{ type: llm-rubric, value: "polie" }] }\n`);
      const r = await runInProcess(['run', '--suite', 's.yaml', '--config', 'config.yaml', '--model', 'echo', '--out', 'o'], d);
      expect(r.code, r.stderr).toBe(0);
      const runDir = onlyRunDir(join(d, 'o'));
      const judged = ledgerSends(runDir).filter((l) => l.purpose === 'judge');
      expect(ledgerSends(runDir).filter((l) => l.host === new URL(flaky.url).host)).toHaveLength(flaky.requests.filter((q) => q.path.endsWith('/chat/completions')).length);
      expect(judged).toHaveLength(2);
      expect(egressJson(runDir).hosts.find((h) => h.host === new URL(flaky.url).host)).toMatchObject({ requests: 2, cases: { interne: 1 } });
    } finally {
      await flaky.close();
    }
  });
});
