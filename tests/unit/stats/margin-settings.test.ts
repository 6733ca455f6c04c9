/** δ (non-inferiority margin, percentage points) is settable per suite and per community, and reaches the verdict. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildManifest } from '../../../harness/commands/manifest.js';
import { parseConfig } from '../../../harness/config/load-config.js';
import { formatIssue } from '../../../harness/core/errors.js';
import { providers } from '../../../harness/providers/registry.js';
import { createAssertionChecker } from '../../../harness/commands/scorer-checker.js';
import { coreScorers } from '../../../harness/scorers/registry.js';
import { loadSuite } from '../../../harness/suites/load-suite.js';

const suiteFile = (extra: string, community = 'rh') => {
  const root = mkdtempSync(join(tmpdir(), 'marge-'));
  mkdirSync(join(root, 'suites'));
  writeFileSync(join(root, 'suites', 's.yaml'), `id: s\ntitle: S\ncommunity: ${community}\nclassification: public\nprompt: "{{q}}"\n${extra}tests:\n  - vars: { q: a }\n    assert: [{ type: equals, value: a }]\n`);
  return loadSuite(join(root, 'suites', 's.yaml'), { projectRoot: root, scorers: createAssertionChecker(coreScorers) });
};

describe('δ settings', () => {
  it('suite margin wins over the community margin of the config, which wins over none', () => {
    const config = parseConfig('models:\n  - { id: r, provider: reference, hosting: local, calibration: true }\ncommunities:\n  rh: { margin: 3 }\n', 'c.yaml', '/x/c.yaml', providers);
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    expect(config.value.communities).toEqual({ rh: { margin: 3 } });
    const own = suiteFile('margin: 2\n');
    const inherited = suiteFile('');
    const other = suiteFile('', 'autre');
    if (!own.ok || !inherited.ok || !other.ok) throw new Error('suite invalide');
    const manifest = buildManifest({
      runId: 'r', createdAt: '2026-01-01T00:00:00Z', cwd: '/', configFile: null, suites: [own.value, { ...inherited.value, id: 't' }, { ...other.value, id: 'u' }],
      models: config.value.models, described: new Map(), repeat: 1, skippedModels: [], plan: {}, communities: config.value.communities!,
    });
    expect(manifest.suites.map((s) => [s.id, (s as { margin?: number }).margin])).toEqual([['s', 2], ['t', 3], ['u', undefined]]);
    expect(manifest.models[0]).toMatchObject({ id: 'r', calibration: true });
  });

  it('refuses a margin outside (0, 50] with the file, line and field', () => {
    const r = suiteFile('margin: 0\n');
    expect(r.ok ? [] : r.issues.map(formatIssue)).toContainEqual(expect.stringMatching(/s\.yaml:6:\d+ {2}margin: /));
    const c = parseConfig('models:\n  - { id: r, provider: reference, hosting: local }\ncommunities:\n  rh: { margin: 80 }\n', 'c.yaml', '/x/c.yaml', providers);
    expect(c.ok ? [] : c.issues.map(formatIssue)).toContainEqual(expect.stringMatching(/^c\.yaml:4:\d+ {2}communities\.rh\.margin: /));
  });
});
