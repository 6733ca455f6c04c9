/** `run --junit FILE`: a JUnit XML that the schema Jenkins and GitLab read accepts (xmllint --schema). */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../helpers/in-process.js';
import { openaiErrorBody, startOpenAIServer, type OpenAIServer } from '../helpers/openai-server.js';

const XSD = fileURLToPath(new URL('../fixtures/junit/junit.xsd', import.meta.url));

const xmllint = (file: string) => spawnSync('xmllint', ['--noout', '--schema', XSD, file], { encoding: 'utf8' });

const writeProject = (url: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'bas-junit-'));
  mkdirSync(join(dir, 'cas'));
  writeFileSync(join(dir, 'cas', 'c.csv'), '__id;q;__reference;__expected\nbon;un;oui;equals: oui\nfaux;deux;oui;equals: oui\npanne;trois;oui;equals: oui\n');
  writeFileSync(join(dir, 'suite.yaml'), 'id: junit-essai\ntitle: J\ncommunity: essai\nclassification: public\nprompt: "{{q}}"\ntests: cas/c.csv\n');
  writeFileSync(join(dir, 'config.yaml'), `models:\n  - { id: m1, provider: openai-compatible, baseUrl: "${url}", model: m, hosting: on-prem }\n  - { id: reference, provider: reference, hosting: local }\ndefaults:\n  models: [m1, reference]\n`);
  return dir;
};

describe('JUnit XML', () => {
  let server: OpenAIServer;
  beforeAll(async () => {
    server = await startOpenAIServer({
      respond: (body) => {
        const q = body.messages.at(-1)?.content;
        if (q === 'trois') return { status: 400, body: openaiErrorBody('requête refusée <"&">', 'invalid_request_error') };
        return q === 'un' ? 'oui' : 'non <b>&amp; "guillemets"\u0007';
      },
    });
  });
  afterAll(() => server.close());

  it('one testsuite per suite × model, one testcase per case × repeat, failures and errors, valid against the schema', async () => {
    const dir = writeProject(server.url);
    const r = await runInProcess(['run', '--suite', 'suite.yaml', '--config', 'config.yaml', '--out', 'out', '--repeat', '2', '--junit', 'ci/junit.xml'], dir, {});
    expect(r.stderr).not.toMatch(/Erreur interne/);
    const file = join(dir, 'ci', 'junit.xml');
    const lint = xmllint(file);
    expect(lint.stderr).toMatch(/validates/);
    expect(lint.status).toBe(0);
    const xml = readFileSync(file, 'utf8');
    const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)].map((m) => m.slice(1));
    expect(suites).toEqual([
      ['junit-essai × m1', '6', '2', '2'],
      ['junit-essai × reference', '6', '0', '0'],
    ]);
    expect(xml.match(/<testcase /g)).toHaveLength(12);
    expect(xml).toContain('name="faux #2"');
    expect(xml).toMatch(/<failure message="equals : [^"]*"/);
    expect(xml).toMatch(/<error message="[^"]*requête refusée &lt;&quot;&amp;&quot;&gt;[^"]*" type="[a-z-]+"/);
    expect(xml).toMatch(/<property name="passRate" value="0\.3333/);
    expect(xml).toMatch(/<property name="passRate.interval" value="\[[\d.]+, [\d.]+\]"\/>/);
    expect(xml).toMatch(/<property name="energy.whPerRequest" value="[^"]+"\/>/);
    expect(xml).not.toContain('\u0007');
    // The same document through a real XML parser: well-formed, same counts.
    expect(execFileSync('xmllint', ['--xpath', 'count(//testcase/failure)', file], { encoding: 'utf8' }).trim()).toBe('2');
    expect(execFileSync('xmllint', ['--xpath', 'count(//testcase/error)', file], { encoding: 'utf8' }).trim()).toBe('2');
  });

  it('the schema in tests/fixtures is not a rubber stamp: it refuses a testcase without name and a testsuite without tests', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bas-junit-bad-'));
    writeFileSync(join(dir, 'a.xml'), '<testsuites><testsuite name="x" tests="1"><testcase classname="c"/></testsuite></testsuites>');
    writeFileSync(join(dir, 'b.xml'), '<testsuites><testsuite name="x"><testcase name="t"/></testsuite></testsuites>');
    writeFileSync(join(dir, 'c.xml'), '<testsuites><testsuite name="x" tests="1"><testcase name="t"><failure/><error/></testcase></testsuite></testsuites>');
    for (const f of ['a.xml', 'b.xml', 'c.xml']) expect(xmllint(join(dir, f)).status, f).not.toBe(0);
  });
});
