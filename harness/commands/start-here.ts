/**
 * What `bac-a-sable` alone prints: the three commands of a first session, not the whole usage
 * (a newcomer who types the bare name wants to know where to begin, not every option).
 */
export const startHereText = (): string =>
  [
    'bac-a-sable : banc d’essai d’IA générative (exactitude, latence, énergie, souveraineté).',
    '',
    'Par où commencer :',
    '  npx bac-a-sable init              repère les modèles de ce poste (Ollama, llama-server, LM Studio, vLLM)',
    '                                    et écrit bac-a-sable.config.yaml',
    '  npx bac-a-sable run               lance les suites des communautés sur ces modèles',
    '                                    (sans configuration : la démonstration embarquée, sans clé ni réseau)',
    '  npx bac-a-sable report DOSSIER    réécrit le rapport HTML d’une campagne (son chemin est affiché par run)',
    '',
    'Toutes les commandes : npx bac-a-sable --help',
    '',
  ].join('\n');
