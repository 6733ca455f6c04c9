/**
 * The text `init` writes: the embedded demo models, then each model found (with its hosting, or a
 * comment saying why it is left to the user), API keys present as commented blocks, and the sizes
 * Ollama gave under energy.modelSizes. Pure: the same findings always give the same file.
 */
import { stringify } from 'yaml';
import { MODEL_ID } from '../config/schema.js';
import { inferHosting, type FoundServer } from './init-probe.js';

/** Kept from an existing config replaced with --force: what init cannot detect. */
export type Kept = { policy?: unknown; energy?: Record<string, unknown>; communities?: unknown };

const DEMO = `  # Bases de calibrage : aucune clé, aucun serveur.
  - { id: reference, provider: reference, hosting: local, label: "Référence (calibrage)" }
  - { id: echo, provider: echo, hosting: local, label: "Écho du prompt" }
  # Petit modèle GGUF de démonstration (téléchargé au premier run), 8 cas par suite.
  - { id: stories260K, provider: gguf, model: stories260K, hosting: local, contextSize: 2048, maxOutputTokens: 48, samplePerSuite: 8, suites: [assistants-administratifs, chatbot-intentions, rag-documentation, traduction], label: "stories260K (GGUF local, 8 cas par suite)" }
`;
const DEMO_IDS = ['reference', 'echo', 'stories260K'];

/** Commented blocks for API keys found in the environment: the key's NAME only, never its value. */
const KEY_BLOCKS: { env: string; text: string }[] = [
  { env: 'ALBERT_API_KEY', text: `  # ALBERT_API_KEY est définie : Albert (API de l’État, DINUM) = cloud souverain. Décommentez pour l’essayer.
  # - { id: albert-small, provider: openai-compatible, baseUrl: "https://albert.api.etalab.gouv.fr/v1", model: albert-small, apiKeyEnv: ALBERT_API_KEY, hosting: sovereign-cloud }
` },
  { env: 'MISTRAL_API_KEY', text: `  # MISTRAL_API_KEY est définie : Mistral AI (La Plateforme) = cloud européen. Décommentez pour l’essayer.
  # - { id: mistral-small, provider: mistral, model: mistral-small-latest, hosting: eu-cloud }
` },
  { env: 'OPENAI_API_KEY', text: `  # OPENAI_API_KEY est définie : OpenAI = cloud hors UE (suites « public » seulement). Décommentez pour l’essayer.
  # - { id: gpt-4o-mini, provider: openai, model: gpt-4o-mini, hosting: foreign-cloud }
` },
];

const q = (s: string) => JSON.stringify(s);

/** A config id from a server's model name: `hf.co/org/m:Q4` → `hf.co-org-m:Q4`, unique in the file. */
const idFor = (name: string, taken: Set<string>): string => {
  let id = name.replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '') || 'modele';
  if (!MODEL_ID.test(id)) id = `m-${id}`;
  let unique = id;
  for (let i = 2; taken.has(unique); i++) unique = `${id}-${i}`;
  taken.add(unique);
  return unique;
};

export type InitResult = { text: string; models: { id: string; server: string; hosting: string }[]; keys: string[]; undecided: number };

export const renderInitConfig = (servers: readonly FoundServer[], env: Record<string, string | undefined>, kept: Kept = {}): InitResult => {
  const taken = new Set(DEMO_IDS);
  const lines: string[] = [];
  const found: InitResult['models'] = [];
  const sizes: Record<string, { totalB: number; source: string }> = {};
  let undecided = 0;
  for (const s of servers) {
    const h = inferHosting(s.baseUrl);
    lines.push(`  # ${s.kind === 'ollama' ? 'Ollama' : 'Serveur compatible OpenAI'} trouvé à ${s.baseUrl} (${s.models.length} modèle(s)).`);
    if ('unknown' in h) {
      undecided++;
      lines.push(`  # hosting non déduit : ${h.unknown}. Ajoutez « hosting: on-prem » (ou sovereign-cloud, eu-cloud,`, '  # foreign-cloud) à chaque modèle ci-dessous : la configuration est refusée tant que ce n’est pas fait.');
    }
    for (const m of s.models) {
      const id = idFor(m.name, taken);
      const hosting = 'hosting' in h ? `, hosting: ${h.hosting}` : '';
      lines.push(`  - { id: ${q(id)}, provider: ${s.kind}, baseUrl: ${q(s.baseUrl)}, model: ${q(m.name)}${hosting} }`);
      found.push({ id, server: s.baseUrl, hosting: 'hosting' in h ? h.hosting : 'à préciser' });
      if (m.sizeB) sizes[m.name] = { totalB: m.sizeB, source: `${s.kind === 'ollama' ? 'Ollama /api/tags' : s.baseUrl} : ${m.sizeText ?? ''}`.trim() };
    }
  }
  const keys = KEY_BLOCKS.filter((k) => env[k.env]);
  const energy = { ...(kept.energy ?? {}), ...(Object.keys(sizes).length ? { modelSizes: { ...((kept.energy?.modelSizes as object) ?? {}), ...sizes } } : {}) };
  const defaults = found.length ? ['reference', ...found.map((f) => f.id)] : DEMO_IDS;
  const text = [
    '# Écrit par « bac-a-sable init » à partir de ce qui a été trouvé sur ce poste. À relire et compléter :',
    '# `hosting` dit où tourne chaque modèle (local = sur ce poste ; on-prem = serveurs de la collectivité ;',
    '# sovereign-cloud, eu-cloud, foreign-cloud). Les clés ne s’écrivent jamais ici, seulement le nom de leur variable.',
    'models:',
    DEMO.trimEnd(),
    ...(lines.length ? ['', ...lines] : ['', '  # Aucun serveur de modèles trouvé (Ollama 127.0.0.1:11434, llama-server 8080, LM Studio 1234, vLLM 8000).', '  # Lancez-en un puis relancez « bac-a-sable init --force », ou ajoutez « --probe URL ».']),
    ...(keys.length ? ['', ...keys.map((k) => k.text.trimEnd())] : []),
    '',
    ...(Object.keys(energy).length ? [stringify({ energy }, { lineWidth: 0 }).trimEnd(), ''] : []),
    ...(kept.policy ? [stringify({ policy: kept.policy }, { lineWidth: 0 }).trimEnd(), ''] : []),
    ...(kept.communities ? [stringify({ communities: kept.communities }, { lineWidth: 0 }).trimEnd(), ''] : []),
    'defaults:',
    `  models: [${defaults.map(q).join(', ')}]`,
    '',
  ].join('\n');
  return { text, models: found, keys: keys.map((k) => k.env), undecided };
};
