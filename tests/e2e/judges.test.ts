/**
 * Model-graded scorers: the judge is a model of the config, named by the suite; its verdict is
 * strict JSON; a malformed verdict makes the case an error; its tokens are counted; the hosting
 * policy applies to judges (a personnel suite sends nothing to a foreign-cloud judge).
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const results = (dir: string, out: string) => {
  const [id] = readdirSync(join(dir, out));
  return readFileSync(join(dir, out, id!, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
};

describe('LLM judges', () => {
  let strict: OpenAIServer;
  let lenient: OpenAIServer;
  let dir: string;
  beforeAll(async () => {
    // The judge reads the answer inside its prompt and grades it; "cassé" gets a malformed verdict.
    strict = await startOpenAIServer({
      respond: (b) => {
        const prompt = (b.messages.at(-1)?.content ?? '').split("## Réponse de l'assistant")[1] ?? '';
        if (prompt.includes('cassé')) return { text: 'Très bonne réponse !', usage: { promptTokens: 50, completionTokens: 4 } };
        const good = prompt.includes('télétravail');
        return { text: JSON.stringify({ score: good ? 0.9 : 0.2, reason: good ? 'répond à la question' : 'hors sujet' }), usage: { promptTokens: 50, completionTokens: 12 } };
      },
    });
    lenient = await startOpenAIServer({ respond: () => ({ text: '```json\n{"score": 0.6, "reason": "correct"}\n```', usage: { promptTokens: 40, completionTokens: 10 } }) });
    dir = mkdtempSync(join(tmpdir(), 'bas-judge-'));
    writeFileSync(
      join(dir, 'config.yaml'),
      `models:
  - { id: echo, provider: echo, hosting: local }
  - { id: juge-strict, provider: openai-compatible, baseUrl: "${strict.url}", model: j1, hosting: on-prem, maxRetries: 0 }
  - { id: juge-cloud, provider: openai-compatible, baseUrl: "${lenient.url}", model: j2, hosting: foreign-cloud }
`,
    );
    writeFileSync(
      join(dir, 'rh.yaml'),
      `id: rh\ntitle: RH\ncommunity: rh\nclassification: interne\njudge: juge-strict\nprompt: "{{q}}"\ndefaultTest:\n  assert: [{ type: llm-rubric, value: "La réponse parle du télétravail." }]\ntests:\n  - { id: bon, vars: { q: "Combien de jours de télétravail ?" } }\n  - { id: mauvais, vars: { q: "Où est la cantine ?" } }\n  - { id: casse, vars: { q: "cassé" } }\n`,
    );
    writeFileSync(join(dir, 'deux-juges.yaml'), `id: deux\ntitle: Deux juges\ncommunity: rh\nclassification: public\njudge: [juge-strict, juge-cloud]\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "télétravail ?" }, assert: [{ type: llm-rubric, value: "pertinente" }] }\n`);
    writeFileSync(join(dir, 'perso.yaml'), `id: perso\ntitle: Perso\ncommunity: rh\nclassification: personnel\njudge: juge-cloud\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "Dossier de Mme Martin" }, assert: [{ type: llm-rubric, value: "polie" }] }\n`);
    writeFileSync(join(dir, 'sans-juge.yaml'), `id: sans\ntitle: Sans juge\ncommunity: rh\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "x" }, assert: [{ type: factuality }], reference: "y" }\n`);
  });
  afterAll(async () => {
    await strict.close();
    await lenient.close();
  });

  it('grades with the named judge, counts its cost, and turns a malformed verdict into an error', async () => {
    const r = await runInProcess(['run', '--suite', 'rh.yaml', '--config', 'config.yaml', '--model', 'echo', '--out', 'o1'], dir);
    expect(r.code, r.stderr).toBe(0);
    const byId = Object.fromEntries(results(dir, 'o1').map((l) => [l.caseId, l]));
    expect(byId.bon).toMatchObject({ status: 'passed', scores: [{ type: 'llm-rubric', value: 0.9, pass: true, reason: 'répond à la question' }], judgeUsage: { calls: 1, inputTokens: 50, outputTokens: 12, models: ['juge-strict'] } });
    expect(byId.mauvais).toMatchObject({ status: 'failed', scores: [{ value: 0.2, pass: false }] });
    expect(byId.casse).toMatchObject({ status: 'error', error: { code: 'bad-response' } });
    expect(byId.casse.error.message).toMatch(/verdict du juge juge-strict illisible/);
  });

  it('averages several judges and keeps each verdict', async () => {
    const r = await runInProcess(['run', '--suite', 'deux-juges.yaml', '--config', 'config.yaml', '--model', 'echo', '--out', 'o2'], dir);
    expect(r.code, r.stderr).toBe(0);
    const [line] = results(dir, 'o2');
    expect(line.scores[0].judges.map((j: { judge: string; score: number }) => [j.judge, j.score])).toEqual([['juge-strict', 0.9], ['juge-cloud', 0.6]]);
    expect(line.scores[0].value).toBeCloseTo(0.75);
    expect(line.judgeUsage.calls).toBe(2);
    const runId = readdirSync(join(dir, 'o2'))[0]!;
    const summary = JSON.parse(readFileSync(join(dir, 'o2', runId, 'summary.json'), 'utf8'));
    expect(summary.judgeAgreement).toEqual([expect.objectContaining({ suite: 'deux', scorer: 'llm-rubric', judges: ['juge-strict', 'juge-cloud'], items: 1, method: 'fleiss-kappa' })]);
    expect(summary.cells[0].judges).toMatchObject({ calls: 2, inputTokens: 90 });
  });

  it('never sends personal data to a judge the policy forbids', async () => {
    const before = lenient.requests.length;
    const r = await runInProcess(['run', '--suite', 'perso.yaml', '--config', 'config.yaml', '--model', 'echo', '--out', 'o3'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/le juge juge-cloud \(Cloud hors UE\) ne peut pas voir des données « personnel »/);
    // No chat request: GET /v1/models (the manifest's server identity) carries no case data.
    expect(lenient.requests.slice(before).filter((q) => q.path.endsWith('/chat/completions'))).toHaveLength(0);
    const [line] = results(dir, 'o3');
    expect(line).toMatchObject({ status: 'error', error: { code: 'policy-refused' } });
  });

  it('refuses to start a suite with a model-graded scorer and no judge', async () => {
    const r = await runInProcess(['run', '--suite', 'sans-juge.yaml', '--config', 'config.yaml', '--model', 'echo', '--out', 'o4'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/emploie un critère évalué par un modèle \(factuality\) mais ne nomme aucun juge/);
  });
});
