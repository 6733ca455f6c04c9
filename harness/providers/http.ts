/**
 * `http` provider: any JSON HTTP service (the administration's own RAG tool, other in-house
 * endpoints). The request body is a Handlebars template of the config; the answer, the retrieved
 * passages and the token counts are read from the JSON response by dotted paths (json-path.ts).
 */
import Handlebars from 'handlebars';
import { z } from 'zod';
import { HarnessError } from '../core/errors.js';
import { estimateTokens } from './estimate-tokens.js';
import { errorFromStatus, errorFromTransport, sanitizeBody } from './http-errors.js';
import type { HttpErrorContext } from './http-errors.js';
import { parseJsonPath, readJsonPath } from './json-path.js';
import { replayClosedConnection } from './replay-closed-connection.js';
import type { JsonPath } from './json-path.js';
import type { Completion, CompletionRequest, ProviderDefinition } from './types.js';

/**
 * Sent when the config gives no `body`: the flattened prompt under `prompt`. The space before the
 * last brace matters: Handlebars reads `}}}` as the end of a triple-stash and refuses the template.
 */
export const DEFAULT_HTTP_BODY = '{"prompt": {{json prompt}} }';

/** `${env:NAME}` in a header value: the value of that environment variable, read at request time. */
const ENV_REF = /\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}/g;
/** A header name is an RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** Block helpers built into Handlebars that make sense in a JSON body. */
const BLOCK_HELPERS = new Set(['each', 'if', 'unless', 'with']);

type AstNode = hbs.AST.Node;

const positionKey = (loc: { start: { line: number; column: number } }): string => `${loc.start.line}:${loc.start.column}`;

/**
 * Checks a body template: every inserted value must go through `{{json …}}` (so quotes and line
 * breaks in a prompt cannot break the JSON). Returns the problems in French and, for messages at
 * render time, the name of the value each `{{json …}}` inserts, by position.
 */
const inspectBody = (source: string): { problems: string[]; names: Map<string, string> } => {
  const problems: string[] = [];
  const names = new Map<string, string>();
  let ast: hbs.AST.Program;
  try {
    ast = Handlebars.parse(source);
  } catch (e) {
    const detail = (e instanceof Error ? e.message : String(e)).split('\n').slice(0, 3).join(' ').replace(/-+\^/, '^');
    const braces = /\}\}\}|\{\{\{/.test(source)
      ? ' (« }}} » ou « {{{ » : séparez les accolades par une espace, ex. {"q": {{json prompt}} })'
      : '';
    return { problems: [`modèle de corps illisible${braces} : ${detail}`], names };
  }
  const walk = (node: AstNode | null | undefined): void => {
    if (!node) return;
    if (node.type === 'Program') (node as hbs.AST.Program).body.forEach(walk);
    else if (node.type === 'MustacheStatement') {
      const m = node as hbs.AST.MustacheStatement;
      const head = m.path.type === 'PathExpression' ? (m.path as hbs.AST.PathExpression).original : String(m.path.type);
      if (head !== 'json') {
        problems.push(`« {{${head}}} » : insérez les valeurs avec {{json ${head}}} pour qu'elles soient échappées en JSON`);
      } else if (m.params.length !== 1 || m.hash?.pairs.length) {
        problems.push('{{json …}} attend exactement une valeur, par exemple {{json prompt}}');
      } else {
        const param = m.params[0] as hbs.AST.Expression;
        const name = param.type === 'PathExpression' ? (param as hbs.AST.PathExpression).original : 'expression';
        names.set(positionKey(m.loc), name);
      }
    } else if (node.type === 'BlockStatement') {
      const b = node as hbs.AST.BlockStatement;
      if (!BLOCK_HELPERS.has(b.path.original)) {
        problems.push(`bloc « {{#${b.path.original}}} » inconnu : seuls #each, #if, #unless et #with sont disponibles`);
      }
      walk(b.program);
      walk(b.inverse);
    } else if (node.type !== 'ContentStatement' && node.type !== 'CommentStatement') {
      problems.push(`« ${node.type} » non pris en charge dans le corps (ni partials ni décorateurs)`);
    }
  };
  walk(ast);
  return { problems, names };
};

const jsonPathField = z.string().superRefine((value, ctx) => {
  const parsed = parseJsonPath(value);
  if (!parsed.ok) ctx.addIssue({ code: 'custom', message: parsed.message });
});

const headerValue = z.string().superRefine((value, ctx) => {
  if (value.replace(ENV_REF, '').includes('${')) {
    ctx.addIssue({ code: 'custom', message: 'référence mal formée : écrivez ${env:NOM_DE_VARIABLE}' });
  }
});

/** Provider-specific fields of an `http` model block. */
export const HttpConfigSchema = z.strictObject({
  url: z
    .url({ protocol: /^https?$/, error: 'adresse http(s) attendue, par exemple http://rag.interne/api/ask' })
    .refine((u) => !new URL(u).username && !new URL(u).password, {
      error: "pas d'identifiants dans l'adresse : mettez-les dans headers avec ${env:NOM_DE_VARIABLE}",
    }),
  /** With GET, each field of the rendered body becomes a query parameter. */
  method: z.enum(['POST', 'GET']).default('POST'),
  /** Extra headers; a value may contain `${env:NAME}` (the secret stays in the environment). */
  headers: z.record(z.string().regex(HEADER_NAME, { error: "nom d'en-tête invalide" }), headerValue).optional(),
  /** Handlebars JSON template over `{ prompt, messages, vars, params }`; values go in with `{{json …}}`. */
  body: z
    .string()
    .min(1)
    .superRefine((value, ctx) => {
      for (const message of inspectBody(value).problems) ctx.addIssue({ code: 'custom', message });
    })
    .default(DEFAULT_HTTP_BODY),
  /** Where the answer text is in the JSON response. */
  responsePath: jsonPathField
    .refine((p) => !p.includes('[*]'), { error: 'responsePath doit désigner un seul texte (sans [*])' })
    .default('answer'),
  /** Where the retrieved passages are: a list of texts, or of objects with `text` or `content`. */
  contextsPath: jsonPathField.optional(),
  /** Where the token counts are (`{prompt_tokens, completion_tokens}` or `{input_tokens, output_tokens}`). */
  usagePath: jsonPathField.optional(),
});
export type HttpConfig = z.infer<typeof HttpConfigSchema>;

const envNamesOf = (headers: Record<string, string> | undefined): string[] => [
  ...new Set(Object.values(headers ?? {}).flatMap((v) => [...v.matchAll(ENV_REF)].map((m) => m[1] as string))),
];

const mustParsePath = (source: string): JsonPath => {
  const parsed = parseJsonPath(source);
  if (!parsed.ok) throw new HarnessError('invalid-input', parsed.message);
  return parsed.path;
};

const topKeys = (value: unknown): string =>
  value !== null && typeof value === 'object' && !Array.isArray(value)
    ? Object.keys(value).slice(0, 10).join(', ') || '(aucun)'
    : Array.isArray(value)
      ? '(une liste)'
      : `(${typeof value})`;

const firstNumber = (o: Record<string, unknown>, keys: string[]): number | undefined =>
  keys.map((k) => o[k]).find((v): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0);

const usageOf = (raw: unknown, prompt: string, text: string): NonNullable<Completion['usage']> => {
  const o = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const inputTokens = firstNumber(o, ['inputTokens', 'input_tokens', 'prompt_tokens', 'promptTokens']);
  const outputTokens = firstNumber(o, ['outputTokens', 'output_tokens', 'completion_tokens', 'completionTokens']);
  if (inputTokens !== undefined && outputTokens !== undefined) return { inputTokens, outputTokens };
  // Counted by the harness: a RAG service's own prompt (with the passages) is larger than ours.
  return { inputTokens: estimateTokens(prompt), outputTokens: estimateTokens(text), estimated: true };
};

/** Replaces every secret value in a text, also in the whitespace-collapsed form sanitizeBody gives it. */
const redactText = (text: string, secrets: string[]): string =>
  secrets
    .flatMap((s) => [s, s.replace(/\s+/g, ' ').trim()])
    .filter((s) => s.length > 0)
    .reduce((t, s) => t.split(s).join('***'), text);

/** Last line of defence: no error of this provider carries a secret, whatever produced it. */
const redact = (e: HarnessError, secrets: string[]): HarnessError => {
  const message = redactText(e.message, secrets);
  const hint = e.hint === undefined ? undefined : redactText(e.hint, secrets);
  if (message === e.message && hint === e.hint) return e;
  // The cause is dropped: it may quote the secret too.
  return new HarnessError(e.code, message, {
    ...(hint ? { hint } : {}),
    ...(e.retryAfterS === undefined ? {} : { retryAfterS: e.retryAfterS }),
  });
};

export const httpProvider: ProviderDefinition<typeof HttpConfigSchema> = {
  description: 'Service HTTP JSON (outil RAG de la collectivité, autre service interne)',
  config: HttpConfigSchema,
  requiredEnv: (config) => envNamesOf(config.headers),
  create(model, deps) {
    const endpoint = new URL(model.url);
    const identity = `${endpoint.host}${endpoint.pathname}`;
    const envNames = envNamesOf(model.headers);
    const ctx: HttpErrorContext = { modelId: model.id, ...(envNames.length ? { apiKeyEnv: envNames.join(', ') } : {}) };
    const responsePath = mustParsePath(model.responsePath);
    const contextsPath = model.contextsPath === undefined ? undefined : mustParsePath(model.contextsPath);
    const usagePath = model.usagePath === undefined ? undefined : mustParsePath(model.usagePath);

    const { names } = inspectBody(model.body);
    const hb = Handlebars.create();
    hb.registerHelper('json', (value: unknown, options: { loc?: { start: { line: number; column: number } } }) => {
      // Strict mode does not reach helper arguments, so a missing value is caught here.
      if (value === undefined) {
        const name = options.loc ? names.get(positionKey(options.loc)) : undefined;
        throw new Error(`« ${name ?? '?'} » absent`);
      }
      return JSON.stringify(value);
    });
    // noEscape: HTML escaping would corrupt JSON; every value goes through `json` (checked by the schema).
    const template = hb.compile(model.body, { strict: true, noEscape: true });

    const badBody = (detail: string): HarnessError =>
      new HarnessError('invalid-input', `${model.id} : corps de la requête impossible à construire — ${detail}`, {
        hint: 'vérifiez body dans la configuration : {{json prompt}}, {{json messages}}, {{json vars.nom}}, {{json params.temperature}}',
      });

    const renderBody = (req: CompletionRequest): { text: string; value: unknown } => {
      let text: string;
      try {
        text = template({ prompt: req.prompt, messages: req.messages, vars: req.case?.vars ?? {}, params: req.params });
      } catch (e) {
        throw badBody((e instanceof Error ? e.message : String(e)).replace(' in [object Object]', ''));
      }
      try {
        return { text, value: JSON.parse(text) as unknown };
      } catch {
        throw badBody(`le résultat n'est pas du JSON valide (${sanitizeBody(text, 120)})`);
      }
    };

    /** Values of the `${env:NAME}` of the headers; a missing one stops the model (missing-secret). */
    const readSecrets = (): string[] =>
      envNames.map((name) => {
        const value = deps.env[name];
        if (!value) {
          throw new HarnessError('missing-secret', `${model.id} : la variable d'environnement ${name} n'est pas définie`, {
            hint: `export ${name}=… avant de lancer`,
          });
        }
        return value;
      });

    const buildHeaders = (): Headers => {
      const headers = new Headers({ accept: 'application/json' });
      if (model.method === 'POST') headers.set('content-type', 'application/json');
      for (const [key, raw] of Object.entries(model.headers ?? {})) {
        const value = raw.replace(ENV_REF, (_, name: string) => deps.env[name] ?? '');
        // Headers would refuse it with the value (the secret) quoted in its message.
        if (/[\r\n\0]/.test(value.trim())) {
          throw new HarnessError('invalid-input', `${model.id} : l'en-tête ${key} contient un retour à la ligne`, {
            hint: `vérifiez ${envNamesOf({ [key]: raw }).join(', ') || 'headers'}`,
          });
        }
        headers.set(key, value);
      }
      return headers;
    };

    /** GET carries the body's fields as query parameters: simple values only. */
    const withQuery = (value: unknown): URL => {
      const target = new URL(endpoint);
      const fields = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.entries(value) : null;
      if (!fields) throw badBody('avec GET, le corps doit être un objet JSON dont chaque champ devient un paramètre');
      for (const [key, v] of fields) {
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
          throw badBody(`avec GET, le champ « ${key} » doit être un texte, un nombre ou un booléen`);
        }
        target.searchParams.append(key, String(v));
      }
      return target;
    };

    const contextsOf = (json: unknown, path: JsonPath): string[] => {
      const raw = readJsonPath(json, path);
      if (!Array.isArray(raw)) {
        throw new HarnessError('bad-response', `${model.id} : pas de liste de passages à « ${path.source} » dans la réponse`, {
          hint: `vérifiez contextsPath ; champs reçus : ${topKeys(json)}`,
        });
      }
      return raw.map((item: unknown, i) => {
        if (typeof item === 'string') return item;
        const o = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
        const text = typeof o.text === 'string' ? o.text : typeof o.content === 'string' ? o.content : undefined;
        if (text === undefined) {
          throw new HarnessError('bad-response', `${model.id} : passage n° ${i + 1} de « ${path.source} » sans texte (text ou content)`);
        }
        return text;
      });
    };

    const parseAnswer = (body: string, req: CompletionRequest, totalMs: number, secrets: string[]): Completion => {
      let json: unknown;
      try {
        json = JSON.parse(body) as unknown;
      } catch {
        throw new HarnessError(
          'bad-response',
          `${model.id} : la réponse n'est pas du JSON, impossible d'y lire « ${responsePath.source} » (${sanitizeBody(redactText(body, secrets), 120) || 'réponse vide'})`,
        );
      }
      const text = readJsonPath(json, responsePath);
      if (typeof text !== 'string') {
        throw new HarnessError('bad-response', `${model.id} : pas de texte à « ${responsePath.source} » dans la réponse`, {
          hint: `vérifiez responsePath ; champs reçus : ${topKeys(json)}`,
        });
      }
      const contexts = contextsPath ? contextsOf(json, contextsPath) : undefined;
      return {
        text,
        usage: usageOf(usagePath ? readJsonPath(json, usagePath) : undefined, req.prompt, text),
        // Headers arrive once the whole answer is ready on a non-streaming service: no ttft.
        // Not streamed: the whole answer arrives at once, so the first token comes with the last.
        timings: { ttftMs: totalMs, totalMs },
        modelIdentity: identity,
        ...(contexts ? { contexts } : {}),
      };
    };

    const fetchWithReplay = replayClosedConnection(deps.fetch);
    const send = async (req: CompletionRequest): Promise<Completion> => {
      const secrets = readSecrets();
      try {
        const headers = buildHeaders();
        const body = renderBody(req);
        const target = model.method === 'GET' ? withQuery(body.value) : endpoint;
        const startedMs = deps.now();
        let res: Response;
        let text: string;
        try {
          res = await fetchWithReplay(target, {
            method: model.method,
            headers,
            ...(model.method === 'POST' ? { body: body.text } : {}),
            signal: req.signal,
          });
          text = await res.text();
        } catch (e) {
          throw errorFromTransport(e, ctx, req.signal);
        }
        const totalMs = deps.now() - startedMs;
        // Redacted before errorFromStatus cuts the body, so no prefix of a secret can slip through either.
        if (!res.ok) throw errorFromStatus(res.status, redactText(text, secrets), res.headers.get('retry-after'), ctx);
        return parseAnswer(text, req, totalMs, secrets);
      } catch (e) {
        throw redact(e instanceof HarnessError ? e : errorFromTransport(e, ctx, req.signal), secrets);
      }
    };

    return {
      id: model.id,
      hosting: model.hosting,
      complete: send,
      describe: async () => ({
        provider: 'http',
        endpoint: identity,
        method: model.method,
        responsePath: model.responsePath,
        ...(model.contextsPath ? { contextsPath: model.contextsPath } : {}),
        // Names only: values may hold secrets.
        ...(model.headers ? { headerNames: Object.keys(model.headers) } : {}),
      }),
    };
  },
};
