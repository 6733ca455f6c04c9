/**
 * The hosting a model block declares is checked against where its requests actually go: a known
 * public API can never be more sovereign than its operator allows, and `local` ("sur ce poste")
 * means a loopback address or a model run by this process. The policy trusts `hosting:`, so a
 * false declaration would be a hole: it is an input error, with the hosting to declare instead.
 */
import { HOSTING_LABELS } from '../core/labels.js';
import { HOSTINGS, type Hosting } from '../core/types.js';

/**
 * Provider kinds that run on this machine without any network request: in-process GGUF, a local
 * program, and the two calibration baselines. A new kind of this sort must be added here.
 */
export const IN_PROCESS_PROVIDERS: ReadonlySet<string> = new Set(['gguf', 'command', 'reference', 'echo']);

/** Endpoints a provider kind uses when the block gives none (each SDK's documented default). */
const DEFAULT_ENDPOINTS: Record<string, string> = {
  // Source: OpenAI API reference, "Introduction": base URL https://api.openai.com/v1.
  openai: 'https://api.openai.com/v1',
  // Source: @mistralai/mistralai SDK README, "Server Selection": default server https://api.mistral.ai.
  mistral: 'https://api.mistral.ai',
  // Source: Ollama API docs (docs/api.md): the server listens on 127.0.0.1:11434 by default.
  ollama: 'http://127.0.0.1:11434',
};

type KnownEndpoint = { domain: string; minimum: Hosting; operator: string };

/**
 * Public APIs and the most sovereign hosting each can be: a block may declare this hosting or a
 * less sovereign one, never a more sovereign one. A domain matches itself and its subdomains.
 */
export const KNOWN_ENDPOINTS: readonly KnownEndpoint[] = [
  // OpenAI, a US company: API traffic is processed in the US (OpenAI "Enterprise privacy" and
  // "Data residency" pages: regional residency is an Enterprise option; the operator stays US-ruled).
  { domain: 'openai.com', minimum: 'foreign-cloud', operator: 'OpenAI (États-Unis)' },
  // Mistral AI, a French company; the global endpoint may process in the EU or the US, an EU
  // regional endpoint exists (docs.mistral.ai, "Inférence régionale"): at best an EU cloud.
  { domain: 'mistral.ai', minimum: 'eu-cloud', operator: 'Mistral AI (UE)' },
  // Anthropic, a US company (docs.anthropic.com, "API overview": api.anthropic.com).
  { domain: 'anthropic.com', minimum: 'foreign-cloud', operator: 'Anthropic (États-Unis)' },
  // Google's Gemini API (ai.google.dev, "Gemini API reference": generativelanguage.googleapis.com).
  { domain: 'googleapis.com', minimum: 'foreign-cloud', operator: 'Google (États-Unis)' },
  // US inference platforms, from each one's API reference: api.groq.com, api.together.xyz,
  // api.fireworks.ai, openrouter.ai, api.cohere.com; DeepSeek (China): api.deepseek.com.
  { domain: 'groq.com', minimum: 'foreign-cloud', operator: 'Groq (États-Unis)' },
  { domain: 'together.xyz', minimum: 'foreign-cloud', operator: 'Together AI (États-Unis)' },
  { domain: 'fireworks.ai', minimum: 'foreign-cloud', operator: 'Fireworks AI (États-Unis)' },
  { domain: 'openrouter.ai', minimum: 'foreign-cloud', operator: 'OpenRouter (États-Unis)' },
  { domain: 'cohere.com', minimum: 'foreign-cloud', operator: 'Cohere (Canada / États-Unis)' },
  { domain: 'cohere.ai', minimum: 'foreign-cloud', operator: 'Cohere (Canada / États-Unis)' },
  { domain: 'deepseek.com', minimum: 'foreign-cloud', operator: 'DeepSeek (Chine)' },
  // Albert, the French State's API run by DINUM/Etalab (albert.api.etalab.gouv.fr, README of
  // etalab-ia/albert-api): a sovereign cloud, but never the city's own servers.
  { domain: 'etalab.gouv.fr', minimum: 'sovereign-cloud', operator: 'Albert (DINUM, État)' },
];

/**
 * Provider kinds that name a vendor's own API: whatever `baseUrl` says, the block claims to be that
 * vendor's service (a compatible server elsewhere is `openai-compatible`), so the vendor's minimum holds.
 */
const KIND_MINIMUMS: Record<string, { minimum: Hosting; operator: string }> = {
  openai: { minimum: 'foreign-cloud', operator: 'OpenAI (États-Unis)' },
  mistral: { minimum: 'eu-cloud', operator: 'Mistral AI (UE)' },
};

/** The URL a block's requests go to: its `baseUrl` or `url`, else its provider kind's default. */
export const endpointOf = (provider: string, settings: Record<string, unknown>): string | undefined => {
  const url = settings.baseUrl ?? settings.url;
  return typeof url === 'string' ? url : DEFAULT_ENDPOINTS[provider];
};

/** 127.0.0.0/8, ::1 and `localhost`: the only addresses that never leave this machine. */
export const isLoopbackHost = (hostname: string): boolean => {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
};

export type HostingMismatch = { message: string; hint: string };

/**
 * Why the declared hosting cannot be true for this block, or undefined when it can. Wrappers are
 * not checked here (their chain is: hosting-chain.ts).
 */
export const checkDeclaredHosting = (block: { id: string; provider: string; hosting: Hosting; settings: Record<string, unknown> }): HostingMismatch | undefined => {
  const endpoint = endpointOf(block.provider, block.settings);
  if (endpoint === undefined) {
    if (block.hosting !== 'local' || IN_PROCESS_PROVIDERS.has(block.provider)) return undefined;
    return {
      message: `hosting: local ne peut pas être vérifié pour le fournisseur « ${block.provider} » (ni adresse, ni modèle exécuté par ce poste)`,
      hint: 'déclarez l’hébergement réel du modèle (on-prem, sovereign-cloud, eu-cloud ou foreign-cloud)',
    };
  }
  let hostname: string;
  try {
    hostname = new URL(endpoint).hostname;
  } catch {
    return undefined; // a malformed URL is already reported by the provider's own schema
  }
  const kind = KIND_MINIMUMS[block.provider];
  if (kind && HOSTINGS.indexOf(block.hosting) < HOSTINGS.indexOf(kind.minimum)) {
    return {
      message: `« ${block.id} » est déclaré « ${HOSTING_LABELS[block.hosting]} » mais le fournisseur « ${block.provider} » est l’API de ${kind.operator} : au mieux « ${HOSTING_LABELS[kind.minimum]} »`,
      hint: `déclarez hosting: ${kind.minimum} ; pour un serveur compatible hébergé ailleurs, employez provider: openai-compatible`,
    };
  }
  const known = KNOWN_ENDPOINTS.find((k) => hostname === k.domain || hostname.endsWith(`.${k.domain}`));
  if (known && HOSTINGS.indexOf(block.hosting) < HOSTINGS.indexOf(known.minimum)) {
    return {
      message: `« ${block.id} » est déclaré « ${HOSTING_LABELS[block.hosting]} » mais ${hostname} est opéré par ${known.operator} : au mieux « ${HOSTING_LABELS[known.minimum]} »`,
      hint: `déclarez hosting: ${known.minimum} (ou un hébergement moins souverain)`,
    };
  }
  if (block.hosting === 'local' && !isLoopbackHost(hostname)) {
    return {
      message: `hosting: local (sur ce poste) exige une adresse de bouclage (127.0.0.1, localhost, ::1) ; ${hostname} n’en est pas une`,
      hint: 'un serveur de la collectivité se déclare on-prem ; un service extérieur, sovereign-cloud, eu-cloud ou foreign-cloud',
    };
  }
  return undefined;
};
