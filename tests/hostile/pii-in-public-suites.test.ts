/**
 * Attack (or accident): a contributor pastes a real citizen's data into a case of a suite classified
 * `public` or `interne`, whose cases may go to clouds. `validate` and `run` scan every text of every
 * case (variables, reference, expected values) and of the suite (prompt, system), flag what the PII
 * detectors find at file:line with its kind — never the value — and nothing is sent until the data
 * is removed or the suite reclassified.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { chats, createProject } from './project.js';

const NIR = '1 84 12 75 108 123 47'; // key 97 − (1841275108123 mod 97) = 47
const IBAN = 'FR76 3000 6000 0112 3456 7890 189';
const EMAIL = 'nolwenn.legoff@exemple.fr';

describe('personal data pasted into public or internal suites', () => {
  let cloud: OpenAIServer;
  beforeAll(async () => {
    cloud = await startOpenAIServer({ respond: () => 'vu' });
  });
  afterAll(() => cloud.close());

  const project = (suite: string, extraConfig = '') => {
    const p = createProject('pii');
    p.write('bac-a-sable.config.yaml', `models:\n  - { id: cloud-us, provider: openai-compatible, baseUrl: "${cloud.url}", model: big, hosting: foreign-cloud }\n${extraConfig}`);
    p.write('suites/s.yaml', suite);
    return p;
  };
  const head = (classification: string) => `id: s\ntitle: s\ncommunity: c\nclassification: ${classification}\nprompt: "{{q}}"\n`;

  it.each([
    ['a NIR in a CSV variable of a public suite', 'public', 'tests: ../datasets/d.csv\n', 'q;__reference\nBonjour;ok\nMon numéro de sécu est ' + NIR + ';ok\n', /datasets\/d\.csv:3:1 {2}vars\.q: donnée personnelle probable \(n° de sécurité sociale\)/],
    ['an IBAN in the reference of an internal suite', 'interne', 'tests: ../datasets/d.csv\n', `q;__reference\nVirement ?;Versé sur ${IBAN}\n`, /datasets\/d\.csv:2:2 {2}reference: donnée personnelle probable \(IBAN\) dans une suite classée « interne »/i],
    ['an e-mail in an expected value of an inline case', 'public', `tests:\n  - vars: { q: "Qui écrire ?" }\n    assert: [{ type: contains, value: "${EMAIL}" }]\n`, '', /suites\/s\.yaml:8:\d+ {2}assert\.0\.value: donnée personnelle probable \(e-mail\)/],
    ['an e-mail in a nested JSONL variable', 'public', 'tests: ../datasets/d.jsonl\n', JSON.stringify({ vars: { q: 'x', usager: { contact: [EMAIL] } } }) + '\n', /datasets\/d\.jsonl:1 {2}vars\.usager\.contact\.0: donnée personnelle probable \(e-mail\)/],
  ])('%s: exit 2 located, value never printed, nothing sent', async (_name, classification, tests, data, where) => {
    const p = project(head(classification) + tests);
    if (data) p.write(tests.includes('jsonl') ? 'datasets/d.jsonl' : 'datasets/d.csv', data);
    const before = chats(cloud).length;
    const v = await runCli(['validate'], { cwd: p.dir });
    expect(v.code, v.stderr).toBe(2);
    expect(v.stderr).toMatch(where);
    const r = await runCli(['run'], { cwd: p.dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(where);
    for (const out of [v.stderr, v.stdout, r.stderr, r.stdout]) {
      for (const value of [NIR, IBAN, EMAIL, '108 123', 'legoff']) expect(out).not.toContain(value);
    }
    expect(chats(cloud).length).toBe(before);
    expect(p.runDirs()).toEqual([]);
  });

  it('a personal value in the suite prompt itself is flagged at its line', async () => {
    const p = project('id: s\ntitle: s\ncommunity: c\nclassification: public\nsystem: "En cas de doute, écrire à nolwenn.legoff@exemple.fr"\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "Bonjour" } }\n');
    const v = await runCli(['validate'], { cwd: p.dir });
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/suites\/s\.yaml:5:\d+ {2}donnée personnelle probable \(e-mail\)/);
  });

  it('reclassifying the suite, or declaring an organisation contact, clears the finding', async () => {
    const sensitive = project(`${head('personnel')}tests:\n  - { vars: { q: "NIR ${NIR}" } }\n`);
    const ok = await runCli(['validate'], { cwd: sensitive.dir });
    expect(ok.code, ok.stderr).toBe(0);
    const contact = project(`${head('public')}tests:\n  - { vars: { q: "Écrire à accueil@ville.example.fr ou au 02 99 00 00 00" } }\n`, 'policy:\n  publicContacts: ["@ville.example.fr", "02 99 00 *"]\n');
    const ok2 = await runCli(['validate'], { cwd: contact.dir });
    expect(ok2.code, ok2.stderr).toBe(0);
  });
});
