/**
 * A throwaway project for hostile-configuration tests: a config, suites and datasets written by the
 * test, a loopback "cloud" that logs every request, and readers for the run folder it leaves.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { OpenAIServer } from '../helpers/openai-server.js';

export type Project = { dir: string; write(file: string, text: string): string; runDirs(): string[]; read(runDir: string, file: string): string };

export const createProject = (prefix: string): Project => {
  const dir = mkdtempSync(join(tmpdir(), `bas-hostile-${prefix}-`));
  return {
    dir,
    write(file, text) {
      const abs = join(dir, file);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      return abs;
    },
    runDirs() {
      const runs = join(dir, 'reports', 'runs');
      return existsSync(runs) ? readdirSync(runs).map((r) => join(runs, r)) : [];
    },
    read: (runDir, file) => readFileSync(join(runDir, file), 'utf8'),
  };
};

/** Chat requests the server received (its other requests are model listings). */
export const chats = (server: OpenAIServer) => server.requests.filter((r) => r.path.endsWith('/chat/completions'));

/** A suite of `classification` whose prompt is `{{q}}`, with the given questions. */
export const suiteYaml = (id: string, classification: string, questions: string[], extra = ''): string =>
  `id: ${id}\ntitle: ${id}\ncommunity: test\nclassification: ${classification}\nprompt: "{{q}}"\n${extra}tests:\n${questions.map((q, i) => `  - { id: c${i + 1}, vars: { q: ${JSON.stringify(q)} } }\n`).join('')}`;

/** A one-file RAG corpus. */
export const CORPUS = '# Mairie\n\n## Horaires\n\nLa mairie ouvre de 8 h 30 à 17 h.\n';

export const jsonLines = (text: string): unknown[] => text.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as unknown);
