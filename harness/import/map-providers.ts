/**
 * promptfoo providers → bac-à-sable model blocks. Hosting is fail-closed: only clouds whose
 * hosting is known get one by default (OpenAI's API: foreign-cloud; Mistral's: eu-cloud); every
 * other endpoint must be given with `--hosting PROVIDER=HOSTING`, or the import stops.
 */
import { HarnessError } from '../core/errors.js';
import { HOSTINGS, type Hosting } from '../core/types.js';
import { parseJsonPath } from '../providers/json-path.js';
import type { ImportReport } from './report.js';

type At = { file: string; line: number };

/** A model block for `bac-a-sable.config.yaml`, plus the names `--hosting` may use for it. */
export type MappedModel = { block: Record<string, unknown>; names: string[]; needsHosting: boolean; at: At; source: string };

/** Generation options promptfoo providers take that bac-à-sable carries (snake_case → camelCase). */
const OPTION_KEYS: Record<string, string> = { temperature: 'temperature', max_tokens: 'maxTokens', maxTokens: 'maxTokens', seed: 'seed', stop: 'stop' };

/** Provider config keys consumed by the mapping itself (not generation options). */
const TRANSPORT_KEYS = new Set(['apiBaseUrl', 'apiHost', 'apiKeyEnvar', 'apiKey', 'url', 'method', 'headers', 'body', 'transformResponse']);

/** Header names that carry credentials. */
const SECRET_HEADER = /authorization|api[-_]?key|token|secret|cookie|password/i;

export const slugModelId = (text: string): string =>
  text.normalize('NFD').replace(/\p{M}/gu, '').replace(/[^A-Za-z0-9._:-]+/g, '-').replace(/^[^A-Za-z0-9]+|-+$/g, '') || 'modele';

const options = (config: Record<string, unknown>, at: At, source: string, report: ImportReport): Record<string, unknown> => {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    if (TRANSPORT_KEYS.has(key)) continue;
    const target = OPTION_KEYS[key];
    if (!target) {
      report.add({ status: 'dropped', ...at, what: `${source} : option ${key}`, note: 'option sans équivalent dans bac-à-sable (seuls temperature, max_tokens, seed, stop sont repris)' });
      continue;
    }
    out[target] = key === 'stop' && typeof value === 'string' ? [value] : value;
    report.add({ status: 'mapped', ...at, what: `${source} : option ${key}`, note: `options.${target}` });
  }
  return out;
};

/** `{{env.NAME}}` (promptfoo) → `${env:NAME}` (bac-à-sable http headers): the secret stays in the environment. */
const envRefs = (value: string): string => value.replace(/\{\{\s*env\.([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g, '${env:$1}');

/** promptfoo's body (object or text with `{{prompt}}`/`{{var}}`) → bac-à-sable's JSON template. */
const httpBody = (body: unknown, at: At, report: ImportReport): string | undefined => {
  if (body === undefined) return undefined;
  const json = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  let inexact = false;
  const out = json.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) => {
    const only = /^\{\{\s*([A-Za-z_][\w.]*)\s*\}\}$/.exec(inner);
    if (only) return `{{json ${only[1] === 'prompt' ? 'prompt' : `vars.${only[1]}`}}}`;
    if (inner.includes('{{')) inexact = true;
    return whole;
  });
  if (inexact) report.add({ status: 'approximated', ...at, what: 'http : body', note: 'texte mêlant {{variables}} et texte fixe : laissé tel quel, à réécrire avec {{json …}}' });
  else report.add({ status: 'mapped', ...at, what: 'http : body', note: 'body (valeurs insérées avec {{json …}})' });
  return out;
};

/** `json.choices[0].message.content` → `choices.0.message.content`; undefined when it is code. */
export const simpleResponsePath = (transform: string): string | undefined => {
  const m = /^\s*(?:json|data)((?:\.[A-Za-z_$][\w$]*|\[\d+\])+)\s*;?\s*$/.exec(transform);
  if (!m) return undefined;
  const path = m[1]!.replace(/\[(\d+)\]/g, '.$1').replace(/^\./, '');
  return parseJsonPath(path).ok ? path : undefined;
};

const splitCommand = (line: string): string[] => [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3] ?? '');

/**
 * Maps one entry of `providers:` (a string id, `{ id, label, config }`, or `{ ID: { config } }`).
 * @returns undefined when the provider is not supported (reported as dropped)
 */
export const mapProvider = (entry: unknown, at: At, report: ImportReport): MappedModel | undefined => {
  let obj: Record<string, unknown> = {};
  if (typeof entry === 'string') obj = { id: entry };
  else if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
    obj = entry as Record<string, unknown>;
    const keys = Object.keys(obj);
    const only = keys.length === 1 ? obj[keys[0]!] : undefined;
    if (obj.id === undefined && only !== null && typeof only === 'object' && !Array.isArray(only)) obj = { id: keys[0], ...(only as Record<string, unknown>) };
  }
  const id = typeof obj.id === 'string' ? obj.id : undefined;
  const label = typeof obj.label === 'string' ? obj.label : undefined;
  const config = (obj.config && typeof obj.config === 'object' ? obj.config : {}) as Record<string, unknown>;
  if (!id) {
    report.add({ status: 'dropped', ...at, what: 'fournisseur', note: 'sans id : non repris' });
    return undefined;
  }
  const source = `fournisseur ${id}`;
  const names = [id, ...(label ? [label] : [])];
  const [kind, ...rest] = id.split(':');
  const base = { id: slugModelId(label ?? id), ...(label ? { label } : {}) };
  if (config.apiKey !== undefined) {
    report.add({ status: 'dropped', ...at, what: `${source} : apiKey`, note: 'clé écrite en clair, non recopiée : mettez-la dans la variable d’environnement du fournisseur (apiKeyEnv, OPENAI_API_KEY ou MISTRAL_API_KEY par défaut)' });
  }
  const withOptions = (block: Record<string, unknown>): Record<string, unknown> => {
    const opts = options(config, at, source, report);
    return Object.keys(opts).length > 0 ? { ...block, options: opts } : block;
  };
  if (kind === 'openai') {
    const mode = rest.length > 1 ? rest[0] : 'chat';
    const model = rest.length > 1 ? rest.slice(1).join(':') : rest.join(':');
    if (mode !== 'chat' && mode !== 'completion') {
      report.add({ status: 'dropped', ...at, what: source, note: `openai:${mode} (embeddings, images…) n’est pas un modèle de conversation` });
      return undefined;
    }
    const apiBase = typeof config.apiBaseUrl === 'string' ? config.apiBaseUrl : typeof config.apiHost === 'string' ? `https://${config.apiHost}/v1` : undefined;
    const keyEnv = typeof config.apiKeyEnvar === 'string' ? { apiKeyEnv: config.apiKeyEnvar } : {};
    const note = mode === 'completion' ? ' (complétion : appelé en conversation)' : '';
    report.add({ status: mode === 'completion' ? 'approximated' : 'mapped', ...at, what: source, note: `modèle « ${base.id} » : ${apiBase ? `openai-compatible sur ${apiBase}` : 'openai, hébergement foreign-cloud'}${note}` });
    if (apiBase) return { block: withOptions({ ...base, provider: 'openai-compatible', baseUrl: apiBase, model, ...keyEnv }), names, needsHosting: true, at, source };
    return { block: withOptions({ ...base, provider: 'openai', hosting: 'foreign-cloud', model, ...keyEnv }), names, needsHosting: false, at, source };
  }
  if (kind === 'ollama') {
    const model = rest[0] === 'chat' || rest[0] === 'completion' ? rest.slice(1).join(':') : rest.join(':');
    const baseUrl = typeof config.apiBaseUrl === 'string' ? { baseUrl: config.apiBaseUrl } : {};
    report.add({ status: 'mapped', ...at, what: source, note: `modèle « ${base.id} » : ollama` });
    return { block: withOptions({ ...base, provider: 'ollama', model, ...baseUrl }), names, needsHosting: true, at, source };
  }
  if (kind === 'mistral') {
    const model = rest[0] === 'chat' ? rest.slice(1).join(':') : rest.join(':');
    if (model.startsWith('embedding') || rest[0] === 'embedding') {
      report.add({ status: 'dropped', ...at, what: source, note: 'modèle de plongements, pas de conversation' });
      return undefined;
    }
    report.add({ status: 'mapped', ...at, what: source, note: `modèle « ${base.id} » : mistral, hébergement eu-cloud` });
    return { block: withOptions({ ...base, provider: 'mistral', hosting: 'eu-cloud', model }), names, needsHosting: false, at, source };
  }
  if (kind === 'exec') {
    const [command, ...args] = splitCommand(id.slice('exec:'.length).trim());
    if (!command) {
      report.add({ status: 'dropped', ...at, what: source, note: 'commande vide' });
      return undefined;
    }
    const execId = slugModelId(label ?? `exec-${command.split('/').pop() ?? command}`);
    report.add({ status: 'approximated', ...at, what: source, note: `modèle « ${execId} » : command ; la consigne est passée en argument comme promptfoo, mais pas ses 2e et 3e arguments (options et contexte JSON)` });
    return { block: withOptions({ ...base, id: execId, provider: 'command', command, args: [...args, '{{prompt}}'], stdin: 'none' }), names: [...names, execId], needsHosting: true, at, source };
  }
  if (kind === 'http' || kind === 'https') {
    const url = typeof config.url === 'string' ? config.url : kind === 'http' && rest.length === 0 ? undefined : id;
    if (!url) {
      report.add({ status: 'dropped', ...at, what: source, note: 'http sans config.url' });
      return undefined;
    }
    const block: Record<string, unknown> = { ...base, id: slugModelId(label ?? `http-${new URL(url).hostname}`), provider: 'http', url };
    const method = typeof config.method === 'string' ? config.method.toUpperCase() : undefined;
    if (method && method !== 'POST' && method !== 'GET') report.add({ status: 'dropped', ...at, what: 'http : method', note: `méthode ${method} non prise en charge (POST ou GET)` });
    else if (method) block.method = method;
    if (config.headers && typeof config.headers === 'object') {
      block.headers = Object.fromEntries(
        Object.entries(config.headers as Record<string, unknown>).map(([k, v]) => {
          const value = envRefs(String(v));
          if (!SECRET_HEADER.test(k) || value.includes('${env:')) return [k, value];
          // A secret written in clear is never copied into a file of the project: it moves to the environment.
          const name = `${k.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_IMPORT`;
          report.add({ status: 'approximated', ...at, what: `http : en-tête ${k}`, note: `valeur secrète écrite en clair, non recopiée : mettez-la dans la variable d’environnement ${name} (\${env:${name}})` });
          return [k, `\${env:${name}}`];
        }),
      );
      report.add({ status: 'mapped', ...at, what: 'http : headers', note: 'headers ({{env.X}} → ${env:X})' });
    }
    const body = httpBody(config.body, at, report);
    if (body !== undefined) block.body = body;
    if (config.transformResponse !== undefined) {
      const path = typeof config.transformResponse === 'string' ? simpleResponsePath(config.transformResponse) : undefined;
      if (path) {
        block.responsePath = path;
        report.add({ status: 'mapped', ...at, what: 'http : transformResponse', note: `responsePath: ${path}` });
      } else {
        report.add({ status: 'dropped', ...at, what: 'http : transformResponse', note: 'code JavaScript ou fichier : non importé ; responsePath vaut « answer », à corriger à la main' });
      }
    }
    report.add({ status: 'mapped', ...at, what: source, note: `modèle « ${String(block.id)} » : http` });
    return { block: withOptions(block), names: [...names, String(block.id)], needsHosting: true, at, source };
  }
  report.add({ status: 'dropped', ...at, what: source, note: 'fournisseur non pris en charge (openai, ollama, mistral, http, exec)' });
  return undefined;
};

/** Parses `--hosting PROVIDER=HOSTING` options (stops on a bad one). */
export const parseHostingArgs = (list: readonly string[]): Map<string, Hosting> => {
  const out = new Map<string, Hosting>();
  for (const item of list) {
    const eq = item.lastIndexOf('=');
    const name = eq > 0 ? item.slice(0, eq) : '';
    const hosting = item.slice(eq + 1);
    if (!name || !(HOSTINGS as readonly string[]).includes(hosting)) {
      throw new HarnessError('invalid-input', `--hosting « ${item} » : FOURNISSEUR=HÉBERGEMENT attendu`, { hint: `hébergements : ${HOSTINGS.join(', ')} (ex. --hosting ollama:chat:llama3=local)` });
    }
    out.set(name, hosting as Hosting);
  }
  return out;
};

/** Gives each model its hosting; stops naming every provider still without one (fail-closed). */
export const applyHostings = (models: readonly MappedModel[], given: Map<string, Hosting>): Record<string, unknown>[] => {
  const missing: MappedModel[] = [];
  const blocks = models.map((m) => {
    const fromArgs = [...m.names, String(m.block.id)].map((n) => given.get(n)).find((h) => h !== undefined);
    if (fromArgs) return { ...m.block, hosting: fromArgs };
    if (m.needsHosting) missing.push(m);
    return m.block;
  });
  if (missing.length > 0) {
    throw new HarnessError(
      'invalid-input',
      `hébergement inconnu pour ${missing.map((m) => `« ${m.names[0]} » (${m.at.file}:${m.at.line})`).join(', ')} : rien n'a été écrit`,
      { hint: `dites où tourne chacun, par exemple ${missing.map((m) => `--hosting '${m.names[0]}=local'`).join(' ')} (${HOSTINGS.join(', ')})` },
    );
  }
  return blocks;
};
