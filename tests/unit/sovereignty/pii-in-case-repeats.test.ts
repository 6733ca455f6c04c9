import { describe, expect, it } from 'vitest';
import type { TestCase } from '../../../harness/core/types.js';
import { personalDataInCase } from '../../../harness/sovereignty/pii-in-cases.js';

const EMAIL = 'nolwenn.legoff@exemple.fr';

describe('PII scan of a case: a value repeated at several paths', () => {
  it('is reported at every path it appears (detected once), and a public contact at none', () => {
    const testCase: TestCase = {
      id: 'c1',
      vars: { q: `Écrire à ${EMAIL}`, copie: `Écrire à ${EMAIL}` },
      reference: `Écrire à ${EMAIL}`,
      assert: [{ type: 'equals', value: 'Paris' }],
      classification: 'public',
      source: { file: 'cas.jsonl', line: 3 },
    };
    const located: string[] = [];
    const issues = personalDataInCase(testCase, (path) => (located.push(path.join('.')), { file: 'cas.jsonl', line: 3 }));
    expect(issues.map((i) => i.path)).toEqual(['vars.q', 'vars.copie', 'reference']);
    expect(new Set(issues.map((i) => i.message)).size).toBe(1);
    expect(issues[0]?.message).toMatch(/^donnée personnelle probable \(.+\) dans une suite classée « public »$/);
    expect(issues[0]?.message).not.toContain(EMAIL);
    expect(located).toEqual(['vars.q', 'vars.copie', 'reference']);
    expect(personalDataInCase(testCase, () => ({ file: 'cas.jsonl', line: 3 }), (v) => v === EMAIL)).toEqual([]);
  });
});
