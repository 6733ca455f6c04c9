/** What provider factories receive in tests: no environment, the real fetch and clock, unless overridden. */
import type { ProviderDeps } from '../../harness/providers/types.js';

export const providerDeps = (over: Partial<ProviderDeps> = {}): ProviderDeps => ({
  env: {},
  fetch: globalThis.fetch,
  now: () => performance.now(),
  projectRoot: '/tmp',
  ...over,
});
