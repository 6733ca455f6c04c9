/** An on-prem server on this machine is called out before the run (CPU shared, energy uncounted). */
import { describe, expect, it } from 'vitest';
import { isLoopbackUrl, loopbackServerWarnings } from '../../../harness/commands/loopback-server.js';

describe('loopback on-prem servers', () => {
  it('recognises this machine’s addresses only', () => {
    for (const u of ['http://127.0.0.1:8080/v1', 'http://localhost:11434', 'http://[::1]:8000/v1', 'http://127.0.1.1/v1', 'http://api.localhost/v1']) expect(isLoopbackUrl(u), u).toBe(true);
    for (const u of ['http://gpu.interne:8000/v1', 'https://albert.api.etalab.gouv.fr/v1', 'http://10.0.0.5/v1', 'pas une adresse', undefined]) expect(isLoopbackUrl(u), String(u)).toBe(false);
  });

  it('warns for on-prem models served from here, in French, and for no other', () => {
    const warnings = loopbackServerWarnings([
      { id: 'llama-server', hosting: 'on-prem', settings: { baseUrl: 'http://127.0.0.1:8080/v1' } },
      { id: 'rag-interne', hosting: 'on-prem', settings: { url: 'http://localhost:9000/ask' } },
      { id: 'gpu', hosting: 'on-prem', settings: { baseUrl: 'http://gpu.interne:8000/v1' } },
      { id: 'ollama-local', hosting: 'local', settings: { baseUrl: 'http://127.0.0.1:11434' } },
    ]);
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^⚠ llama-server : déclaré « on-prem » mais servi par cette machine/);
    expect(warnings[0]).toMatch(/énergie n'est pas mesurée/);
    expect(warnings[1]).toMatch(/rag-interne/);
  });
});
