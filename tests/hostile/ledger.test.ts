/**
 * Attack class: requests that leave without a trace. The ledger is an append-only log
 * (egress.jsonl) with one line per request written before it is sent, so that whatever kills the
 * process — SIGKILL, a second Ctrl-C — the requests a loopback server received are exactly the
 * `send` lines; egress.json is derived from the log, also after a resume.
 */
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startCli, waitFor } from '../helpers/cli-process.js';
import { startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';
import { egressJson, ledgerLines, ledgerSends, onlyRunDir, resultsOf } from '../helpers/run-folder.js';

const N = 12;
/** The request the server holds forever while the test kills the process. */
const HOLD_AT = 5;

describe('hostile: the egress ledger', { timeout: 300_000 }, () => {
  let server: OpenAIServer;
  let dir: string;
  let holding = true;
  let n = 0;
  const hold = () => {
    holding = true;
    n = 0;
  };
  const chats = () => server.requests.filter((q) => q.path.endsWith('/chat/completions')).length;
  beforeAll(async () => {
    server = await startOpenAIServer({
      respond: (b) => {
        n++;
        if (holding && n === HOLD_AT) return new Promise<never>(() => undefined); // never answers
        return `R ${b.messages.at(-1)?.content ?? ''}`;
      },
    });
    dir = mkdtempSync(join(tmpdir(), 'bas-hostile-ledger-'));
    writeFileSync(join(dir, 'cases.jsonl'), Array.from({ length: N }, (_, i) => JSON.stringify({ id: `c${i}`, vars: { q: `Q-${i}` }, reference: `R Q-${i}` })).join('\n'));
    writeFileSync(join(dir, 'suite.yaml'), 'id: reprise\ntitle: Reprise\ncommunity: essai\nclassification: interne\nprompt: "{{q}}"\ndefaultTest:\n  assert: [{ type: equals }]\ntests: cases.jsonl\n');
    writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: srv, provider: openai-compatible, baseUrl: "${server.url}", model: m, hosting: on-prem, concurrency: 1 }\n`);
  });
  afterAll(() => server.close());

  const killWhileHeld = async (out: string, kill: (live: ReturnType<typeof startCli>) => Promise<void>, killed: boolean) => {
    hold();
    const before = chats();
    const live = startCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', out], { cwd: dir });
    // The server holds its HOLD_AT-th request: every request the process announced has now arrived.
    await waitFor(() => chats() - before >= HOLD_AT, 180_000);
    await kill(live);
    await live.exited;
    const runDir = onlyRunDir(join(dir, out));
    const received = chats() - before;
    expect(ledgerSends(runDir)).toHaveLength(received);
    // The held request has its send line and no outcome (the process died first); every answered one has both.
    const outcomes = new Set(ledgerLines(runDir).filter((l) => l.type === 'outcome').map((l) => l.seq));
    expect(ledgerSends(runDir).filter((l) => !outcomes.has(l.seq)).map((l) => l.caseId)).toEqual(killed ? ['c4'] : [expect.any(String)]);
    // Resume: the rest is sent, and the ledger still matches what the server received, line for line.
    holding = false;
    const r = await runCli(['run', '--resume', runDir], { cwd: dir, timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(resultsOf(runDir)).toHaveLength(N);
    const total = chats() - before;
    expect(ledgerSends(runDir)).toHaveLength(total);
    const host = egressJson(runDir).hosts.find((h) => h.host === new URL(server.url).host)!;
    expect(host.requests).toBe(total);
    expect(host.cases).toEqual({ interne: N }); // the case redone after the kill counts once
    expect(host.bytes).toBe(ledgerSends(runDir).reduce((s, l) => s + l.bytes, 0));
  };

  it('after SIGKILL, every request the server received is in egress.jsonl, and egress.json is rebuilt on resume', async () => {
    await killWhileHeld('o-kill', async (live) => {
      live.child.kill('SIGKILL');
    }, true);
  });

  it('after a second Ctrl-C, the same', async () => {
    await killWhileHeld('o-int', async (live) => {
      live.child.kill('SIGINT');
      await new Promise((r) => setTimeout(r, 100));
      live.child.kill('SIGINT');
    }, false);
  });

  it('report on a killed run folder derives egress.json from the log', async () => {
    hold();
    const before = chats();
    const live = startCli(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', 'o-report'], { cwd: dir });
    await waitFor(() => chats() - before >= HOLD_AT, 180_000);
    live.child.kill('SIGKILL');
    await live.exited;
    holding = false;
    const out = join(dir, 'o-report');
    const runDir = join(out, readdirSync(out)[0]!);
    expect(existsSync(join(runDir, 'egress.jsonl'))).toBe(true);
    const r = await runCli(['report', runDir], { cwd: dir, timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(egressJson(runDir).hosts[0]).toMatchObject({ host: new URL(server.url).host, requests: HOLD_AT });
  });
});
