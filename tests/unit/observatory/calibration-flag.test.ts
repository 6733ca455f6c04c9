/** A model marked `calibration: true` in the config (any provider) stays out of history's figures, like `reference` and `echo`. */
import { describe, expect, it } from 'vitest';
import { importRunFolder } from '../../../harness/store/observatory/import.js';
import { createMemoryStore } from '../../../harness/store/observatory/memory.js';
import { runHeadlines } from '../../../harness/store/observatory/queries.js';
import { cases, tempDir, writeRunFolder } from './build-run.js';

describe('history leaves calibration baselines out', () => {
  it('by provider and by the manifest flag', async () => {
    const root = tempDir();
    const dir = writeRunFolder(root, {
      runId: 'r1', createdAt: '2026-12-01T10:00:00Z',
      models: [
        { id: 'm', provider: 'ollama', hosting: 'local' },
        { id: 'reference', provider: 'reference', hosting: 'local' },
        { id: 'etalon', provider: 'command', hosting: 'local', calibration: true } as never,
      ],
      cases: [...cases('s', 'm', 10, (i) => i < 5), ...cases('s', 'reference', 10, () => true), ...cases('s', 'etalon', 10, () => true)],
    });
    const store = createMemoryStore();
    await importRunFolder(store, dir);
    const [headline] = await runHeadlines(store);
    expect(headline!.models).toEqual(['m']);
    expect(headline!.perModel.map((p) => p.modelId)).toEqual(['m']);
    expect(headline!.calibration).toEqual(['etalon', 'reference']);
  });
});
