/**
 * `json-fields`: the output is a JSON object whose fields match the expected ones, each compared in
 * its own way (exact, normalised text, number with tolerance, date). Score = share of fields right.
 */
import { z } from 'zod';
import type { Score } from '../core/types.js';
import { parseFrenchDate, parseFrenchNumber } from './fr-values.js';
import { parseJsonOutput } from './is-json.js';
import { collapseWhitespace, quote, stripAccents } from './normalize.js';
import type { ScorerDefinition } from './types.js';

const FieldSpec = z.union(
  [z.enum(['exact', 'text', 'number', 'date']), z.strictObject({ type: z.literal('number'), tolerance: z.number().min(0) })],
  { error: 'comparaison attendue : exact, text, number, date ou { type: number, tolerance: 0.01 }' },
);
type Comparison = { kind: 'exact' | 'text' | 'date' } | { kind: 'number'; tolerance: number };

const JsonObject = z.record(z.string(), z.unknown(), { error: 'objet JSON attendu (clé: valeur)' });
type JsonObject = z.infer<typeof JsonObject>;

type Node = { segments: string[]; value: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const children = (v: unknown): [string, unknown][] =>
  Array.isArray(v) ? v.map((x, i) => [String(i), x]) : isObject(v) ? Object.entries(v) : [];

/** `lignes.0.montant` and its list-agnostic form `lignes.*.montant`, the two ways `fields` may name it. */
const pathForms = (segments: readonly string[]): [string, string] => [
  segments.join('.'),
  segments.map((s) => (/^\d+$/.test(s) ? '*' : s)).join('.'),
];

const specFor = (fields: Record<string, z.infer<typeof FieldSpec>> | undefined, segments: readonly string[]) => {
  if (!fields) return undefined;
  const [exact, generic] = pathForms(segments);
  return Object.hasOwn(fields, exact) ? fields[exact] : Object.hasOwn(fields, generic) ? fields[generic] : undefined;
};

/** Every node of the expected object; a node named in `fields`, or an empty object/list, is a leaf. */
const walk = (value: unknown, fields: Record<string, z.infer<typeof FieldSpec>> | undefined, segments: string[] = []): { all: Node[]; leaves: Node[] } => {
  const all: Node[] = [];
  const leaves: Node[] = [];
  for (const [key, child] of children(value)) {
    const node = { segments: [...segments, key], value: child };
    all.push(node);
    const inner = specFor(fields, node.segments) === undefined ? children(child) : [];
    if (inner.length === 0) leaves.push(node);
    else {
      const sub = walk(child, fields, node.segments);
      all.push(...sub.all);
      leaves.push(...sub.leaves);
    }
  }
  return { all, leaves };
};

const comparisonFor = (spec: z.infer<typeof FieldSpec> | undefined, expected: unknown): Comparison => {
  if (spec === undefined) return typeof expected === 'string' ? { kind: 'text' } : typeof expected === 'number' ? { kind: 'number', tolerance: 0 } : { kind: 'exact' };
  return typeof spec === 'string' ? (spec === 'number' ? { kind: 'number', tolerance: 0 } : { kind: spec }) : { kind: 'number', tolerance: spec.tolerance };
};

const nfcDeep = (v: unknown): unknown =>
  typeof v === 'string' ? v.normalize('NFC') : Array.isArray(v) ? v.map(nfcDeep) : isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, nfcDeep(x)])) : v;

const foldText = (v: unknown): string | undefined =>
  typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
    ? collapseWhitespace(stripAccents(String(v).normalize('NFC')).toLowerCase().replace(/[’‘]/g, "'"))
    : undefined;

const same = (c: Comparison, expected: unknown, got: unknown): boolean => {
  if (got === undefined) return false;
  switch (c.kind) {
    case 'exact':
      return JSON.stringify(nfcDeep(expected)) === JSON.stringify(nfcDeep(got));
    case 'text': {
      const e = foldText(expected);
      return e !== undefined && e === foldText(got);
    }
    case 'number': {
      const [e, g] = [parseFrenchNumber(expected), parseFrenchNumber(got)];
      // A hair of relative slack so 0.1 + 0.2 equals 0.3 when no tolerance is given.
      return e !== null && g !== null && Math.abs(e - g) <= c.tolerance + 1e-9 * Math.max(1, Math.abs(e));
    }
    case 'date': {
      const e = parseFrenchDate(expected);
      return e !== null && e === parseFrenchDate(got);
    }
  }
};

const at = (root: unknown, segments: readonly string[]): unknown => {
  let cur = root;
  for (const s of segments) {
    if (Array.isArray(cur) && /^\d+$/.test(s)) cur = cur[Number(s)];
    else if (isObject(cur) && Object.hasOwn(cur, s)) cur = cur[s];
    else return undefined;
  }
  return cur;
};

const show = (v: unknown): string => (v === undefined ? 'absent' : typeof v === 'string' ? quote(v, 40) : quote(JSON.stringify(v), 40));

const JsonFieldsArgs = z
  .strictObject({
    /** The expected object; default: the case reference parsed as JSON. */
    value: JsonObject.optional(),
    /** How to compare a field, by dotted path (`*` for any list index). */
    fields: z.record(z.string(), FieldSpec).optional(),
    threshold: z.number().min(0).max(1).default(1),
  })
  .superRefine((args, ctx) => {
    if (!args.value || !args.fields) return;
    const known = new Set(walk(args.value, args.fields).all.flatMap((n) => pathForms(n.segments)));
    for (const name of Object.keys(args.fields)) {
      if (!known.has(name)) ctx.addIssue({ code: 'custom', path: ['fields', name], message: `champ « ${name} » absent de la valeur attendue` });
    }
  });

const MAX_SHOWN = 5;

const scoreFields = (expected: JsonObject, output: string, args: z.infer<typeof JsonFieldsArgs>): Score => {
  const parsed = parseJsonOutput(output);
  if (!parsed.ok) return { type: 'json-fields', value: 0, pass: false, reason: `JSON invalide : ${parsed.message} (début : ${quote(output.trim(), 30)})` };
  if (!isObject(parsed.data)) return { type: 'json-fields', value: 0, pass: false, reason: 'la sortie n’est pas un objet JSON' };
  const { all, leaves } = walk(expected, args.fields);
  // Checked at load time when `value` is written; with a reference, only here.
  const known = new Set(all.flatMap((n) => pathForms(n.segments)));
  const stray = Object.keys(args.fields ?? {}).filter((name) => !known.has(name));
  const note = stray.length === 0 ? '' : ` (champ(s) de fields absent(s) de la référence : ${stray.join(', ')})`;
  if (leaves.length === 0) return { type: 'json-fields', value: null, pass: false, reason: 'aucun champ attendu' };
  const wrong: string[] = [];
  for (const leaf of leaves) {
    const got = at(parsed.data, leaf.segments);
    if (!same(comparisonFor(specFor(args.fields, leaf.segments), leaf.value), leaf.value, got)) {
      wrong.push(`${leaf.segments.join('.')} (attendu ${show(leaf.value)}, obtenu ${show(got)})`);
    }
  }
  const right = leaves.length - wrong.length;
  const value = right / leaves.length;
  const more = wrong.length > MAX_SHOWN ? ` (+${wrong.length - MAX_SHOWN} autre(s))` : '';
  const detail = wrong.length === 0 ? '' : ` ; faux : ${wrong.slice(0, MAX_SHOWN).join(' ; ')}${more}`;
  return { type: 'json-fields', value, pass: value >= args.threshold, reason: `${right}/${leaves.length} champ(s) corrects${detail}${note}` };
};

export const jsonFieldsScorer: ScorerDefinition<typeof JsonFieldsArgs> = {
  description: 'la sortie JSON a les champs attendus (texte, nombre, date comparés avec souplesse) ; score = part de champs justes',
  args: JsonFieldsArgs,
  negatable: false,
  usesReference: true,
  create: (args) => (output, ctx) => {
    if (args.value) return scoreFields(args.value, output, args);
    if (ctx.reference === undefined) return { type: 'json-fields', value: null, pass: false, reason: 'aucune valeur attendue ni référence pour ce cas' };
    let reference: unknown;
    try {
      reference = JSON.parse(ctx.reference);
    } catch (e) {
      return { type: 'json-fields', value: null, pass: false, reason: `la référence n’est pas du JSON : ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!isObject(reference)) return { type: 'json-fields', value: null, pass: false, reason: 'la référence n’est pas un objet JSON' };
    return scoreFields(reference, output, args);
  },
};
