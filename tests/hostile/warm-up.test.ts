/**
 * Attack class: the warm-up request. It goes to each local model before its cases; it used to
 * take the first case of the first suite whatever the policy said, unmasked and unrecorded. Now it
 * is a request like the others: only a case the policy admits for that model (or a neutral
 * prompt when there is none), masked when the model's settings ask for it, and in the ledger.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { ledgerSends, onlyRunDir } from '../helpers/run-folder.js';

const SECRET_CASE = 'Dossier disciplinaire de M. Tanguy';

describe('hostile: warm-up', { timeout: 180_000 }, () => {
  let local: OpenAIServer;
  let other: OpenAIServer;
  let dir: string;
  const bodies = (s: OpenAIServer) => s.requests.filter((q) => q.path.endsWith('/chat/completions')).map((q) => JSON.stringify(q.body));
  beforeAll(async () => {
    local = await startOpenAIServer({ respond: () => 'ok' });
    other = await startOpenAIServer({ respond: () => 'ok' });
    dir = mkdtempSync(join(tmpdir(), 'bas-hostile-warmup-'));
    // This city keeps personal data on its servers only, not on a workstation.
    writeFileSync(
      join(dir, 'config.yaml'),
      `policy: { personnel: [on-prem] }
models:
  - { id: poste, provider: openai-compatible, baseUrl: "${local.url}", model: m, hosting: local }
  - { id: serveur, provider: openai-compatible, baseUrl: "${other.url}", model: m, hosting: on-prem }
`,
    );
    // The first case is refused for the workstation; the second is public.
    writeFileSync(join(dir, 'mixte.yaml'), `id: mixte\ntitle: Mixte\ncommunity: rh\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { id: perso, classification: personnel, vars: { q: "${SECRET_CASE}" }, assert: [{ type: icontains, value: ok }] }\n  - { id: pub, vars: { q: "Horaires de la mairie" }, assert: [{ type: icontains, value: ok }] }\n`);
    writeFileSync(join(dir, 'perso.yaml'), `id: perso\ntitle: Perso\ncommunity: rh\nclassification: personnel\nprompt: "{{q}}"\ntests:\n  - { id: p1, vars: { q: "${SECRET_CASE}" }, assert: [{ type: icontains, value: ok }] }\n`);
  });
  afterAll(async () => {
    await local.close();
    await other.close();
  });

  it('warms up on a case the policy admits, never on a refused one, and records it', async () => {
    const r = await runInProcess(['run', '--suite', 'mixte.yaml', '--config', 'config.yaml', '--out', 'o1'], dir);
    expect(r.code, r.stderr).toBe(0);
    const sent = bodies(local);
    expect(sent.join('\n')).not.toContain('Tanguy');
    expect(sent).toHaveLength(2); // the warm-up (on « pub ») and the case « pub »
    const warm = ledgerSends(onlyRunDir(join(dir, 'o1'))).filter((l) => l.purpose === 'warm-up');
    expect(warm).toEqual([expect.objectContaining({ model: 'poste', suite: 'mixte', caseId: 'pub', classification: 'public', hosting: 'local' })]);
  });

  it('uses a neutral prompt when the model may see no case at all', async () => {
    const before = local.requests.length;
    const r = await runInProcess(['run', '--suite', 'perso.yaml', '--config', 'config.yaml', '--out', 'o2'], dir);
    expect(r.code, r.stderr).toBe(0);
    const sent = local.requests.slice(before).map((q) => JSON.stringify(q.body)).join('\n');
    expect(sent).not.toContain('Tanguy');
    const warm = ledgerSends(onlyRunDir(join(dir, 'o2'))).filter((l) => l.purpose === 'warm-up');
    expect(warm).toEqual([expect.objectContaining({ model: 'poste', hosting: 'local' })]);
    expect(warm[0]!.caseId).toBeUndefined(); // no case's data in it
    // Chat requests: GET /v1/models (the manifest's server identity) carries no case data.
    expect(local.requests.slice(before).filter((q) => q.path.endsWith('/chat/completions'))).toHaveLength(1); // the warm-up only: every case was refused
  });

  it('masks the warm-up like the cases when the model asks for masking', async () => {
    const srv = await startOpenAIServer({ respond: () => 'ok' });
    try {
      const d = mkdtempSync(join(tmpdir(), 'bas-hostile-warmup-mask-'));
      writeFileSync(join(d, 'config.yaml'), `models:\n  - { id: poste, provider: openai-compatible, baseUrl: "${srv.url}", model: m, hosting: local, redact: true }\n`);
      writeFileSync(join(d, 's.yaml'), `id: s\ntitle: S\ncommunity: rh\nclassification: sensible\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "Écrire à nolwenn.legoff@exemple.fr" }, assert: [{ type: icontains, value: ok }] }\n`);
      const r = await runInProcess(['run', '--suite', 's.yaml', '--config', 'config.yaml', '--out', 'o'], d);
      expect(r.code, r.stderr).toBe(0);
      const sent = bodies(srv);
      expect(sent).toHaveLength(2);
      for (const b of sent) {
        expect(b).not.toContain('nolwenn.legoff@exemple.fr');
        expect(b).toContain('[EMAIL_1]');
      }
      expect(ledgerSends(onlyRunDir(join(d, 'o'))).map((l) => [l.purpose, l.redactions])).toEqual([['warm-up', 1], ['case', 1]]);
    } finally {
      await srv.close();
    }
  });
});
