/**
 * A tiny dotted-path reader for JSON answers of HTTP services, so a model block can say where the
 * answer and the retrieved passages are without code: `answer`, `data.choices.0.text`,
 * `sources[*].text`. Segments are object keys or array indexes; `[*]` after a segment (or alone)
 * fans out over an array. Keys containing `.`, `[` or `]` cannot be written; none of the services
 * met so far needs them.
 */

/** One step of a parsed path: a key (or array index) to follow, or a fan-out over an array. */
export type JsonPathStep = { kind: 'key'; key: string } | { kind: 'each' };

export type JsonPath = {
  /** The path as written in the config, for messages. */
  source: string;
  steps: JsonPathStep[];
  /** True when the path contains `[*]`: reading it always yields an array. */
  fansOut: boolean;
};

const SEGMENT = /^([^.[\]]*)((?:\[\*\])*)$/;

/** Parses a path; returns an error message in French when it is malformed. */
export const parseJsonPath = (source: string): { ok: true; path: JsonPath } | { ok: false; message: string } => {
  if (source.trim() !== source || source.length === 0) {
    return { ok: false, message: 'chemin vide ou entouré d’espaces' };
  }
  const steps: JsonPathStep[] = [];
  for (const segment of source.split('.')) {
    const match = SEGMENT.exec(segment);
    const key = match?.[1] ?? '';
    const stars = match?.[2] ?? '';
    if (!match || (key === '' && stars === '')) {
      return {
        ok: false,
        message: `chemin « ${source} » mal formé : segments séparés par des points, « [*] » pour parcourir une liste (ex. sources[*].text)`,
      };
    }
    if (key !== '') steps.push({ kind: 'key', key });
    for (let i = 0; i < stars.length / 3; i++) steps.push({ kind: 'each' });
  }
  return { ok: true, path: { source, steps, fansOut: steps.some((s) => s.kind === 'each') } };
};

const child = (node: unknown, key: string): unknown[] => {
  if (Array.isArray(node)) {
    // Only canonical indexes ("0", "12"), so "01" or "-1" do not silently pick an element.
    if (!/^(0|[1-9]\d*)$/.test(key)) return [];
    const index = Number(key);
    return index < node.length ? [node[index]] : [];
  }
  // Own properties only: a path such as `constructor` must not reach into the prototype.
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, key)) {
    return [(node as Record<string, unknown>)[key]];
  }
  return [];
};

/**
 * Reads `path` in `value`. Without `[*]`: the value found, or undefined when any step is missing.
 * With `[*]`: the array of every value found (empty when none), like a JSONPath node list.
 */
export const readJsonPath = (value: unknown, path: JsonPath): unknown => {
  let nodes: unknown[] = [value];
  for (const step of path.steps) {
    nodes =
      step.kind === 'key'
        ? nodes.flatMap((n) => child(n, step.key))
        : nodes.flatMap((n) => (Array.isArray(n) ? (n as unknown[]) : []));
  }
  return path.fansOut ? nodes : nodes[0];
};
