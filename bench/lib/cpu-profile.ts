/**
 * Summaries of a V8 `.cpuprofile` (written by `node --cpu-prof`): self time per file or npm package,
 * split into the campaign's three phases. The request phase is found in the profile itself: from
 * the first to the last sample whose stack runs through the provider that sends the requests, so
 * no clock has to be shared between the profiled process and the bench.
 */
type Frame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: Frame; children?: number[] };
export type CpuProfile = { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };

/** Package name, harness file, or node built-in a frame belongs to. */
export const groupOf = (f: Frame): string => {
  const u = f.url || `(${f.functionName || 'program'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
  if (pkg) return `npm:${pkg[1]}`;
  const own = /\/(?:dist|harness)\/(.*)$/.exec(u);
  return own ? own[1]! : u;
};

export type PhaseSummary = { phase: 'avant' | 'requêtes' | 'après'; totalMs: number; top: { name: string; ms: number }[] };

/**
 * Self time per group in each phase. `marker` names the source file whose presence on a sample's
 * stack marks the request phase (e.g. `providers/openai-compatible`).
 */
export const phaseSummaries = (p: CpuProfile, marker: string, top = 8): PhaseSummary[] => {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const marked = new Map<number, boolean>();
  const isMarked = (id: number): boolean => {
    const known = marked.get(id);
    if (known !== undefined) return known;
    const n = byId.get(id);
    const own = n !== undefined && n.callFrame.url.includes(marker);
    const up = parent.get(id);
    const v = own || (up !== undefined && isMarked(up));
    marked.set(id, v);
    return v;
  };
  const first = p.samples.findIndex((id) => isMarked(id));
  let last = -1;
  for (let i = p.samples.length - 1; i >= 0; i--) if (isMarked(p.samples[i]!)) { last = i; break; }
  const phases: PhaseSummary['phase'][] = ['avant', 'requêtes', 'après'];
  const groups = phases.map(() => new Map<string, number>());
  const totals = [0, 0, 0];
  p.samples.forEach((id, i) => {
    const k = first < 0 || i < first ? 0 : i <= last ? 1 : 2;
    const t = (p.timeDeltas[i] ?? 0) / 1000;
    totals[k]! += t;
    const g = groupOf(byId.get(id)!.callFrame);
    groups[k]!.set(g, (groups[k]!.get(g) ?? 0) + t);
  });
  return phases.map((phase, k) => ({
    phase,
    totalMs: totals[k]!,
    top: [...groups[k]!].sort((a, b) => b[1] - a[1]).slice(0, top).map(([name, ms]) => ({ name, ms })),
  }));
};
