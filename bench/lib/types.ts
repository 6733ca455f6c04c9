/** What every benchmark module exports, so the driver can run one or all and render them. */

/** One target of the brief and whether the measured figure meets it (null: not measured). */
export type TargetCheck = { label: string; target: string; value: string; met: boolean | null };

export type BenchResult<D = unknown> = {
  /** When it ran and under what load (the machine is shared and noisy). */
  ranAt: string;
  durationS: number;
  loadAvg: { before: number[]; after: number[] };
  data: D;
  targets: TargetCheck[];
};

export type BenchOptions = {
  /** Overrides the number of repetitions of each measurement (default per benchmark). */
  runs?: number;
  /** Extra diagnosis (memory traces with forced GC): slower. */
  diagnose?: boolean;
  log: (line: string) => void;
};

export type Benchmark<D = unknown> = {
  name: string;
  /** French title of its Markdown section. */
  title: string;
  /** Command that reproduces it alone. */
  command: string;
  run(opts: BenchOptions): Promise<{ data: D; targets: TargetCheck[] }>;
  /** Markdown body (tables, notes) in French, from its own data. */
  render(data: D): string;
};
