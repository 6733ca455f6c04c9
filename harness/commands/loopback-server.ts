/**
 * A model declared `on-prem` whose address is this machine (a llama.cpp server or Ollama started
 * beside the harness): it competes with the local models for the CPU, and its electricity is
 * nobody's (the remote estimate models a datacentre GPU elsewhere). Said before the run.
 */
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1', '0.0.0.0']);

/** Whether an http(s) address points at this machine. */
export const isLoopbackUrl = (value: unknown): boolean => {
  if (typeof value !== 'string') return false;
  try {
    const host = new URL(value).hostname.toLowerCase();
    return LOOPBACK_HOSTS.has(host) || host.startsWith('127.') || host.endsWith('.localhost');
  } catch {
    return false;
  }
};

/** The French warning for each on-prem model served from this machine (empty when none). */
export const loopbackServerWarnings = (models: readonly { id: string; hosting: string; settings?: Record<string, unknown> }[]): string[] =>
  models
    .filter((m) => m.hosting === 'on-prem' && (isLoopbackUrl(m.settings?.baseUrl) || isLoopbackUrl(m.settings?.url)))
    .map(
      (m) =>
        `⚠ ${m.id} : déclaré « on-prem » mais servi par cette machine (${String(m.settings?.baseUrl ?? m.settings?.url)}) : il partage le processeur avec les modèles locaux (latences faussées s'ils tournent en même temps), et son énergie n'est pas mesurée (l'estimation EcoLogits suppose un serveur GPU distant). Pour le mesurer comme un programme local, déclarez-le « hosting: local ».`,
    );
