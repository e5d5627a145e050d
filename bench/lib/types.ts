/** A table cell: numbers are printed as they are, null as an em dash. */
export type Cell = string | number | boolean | null;
export type Row = Record<string, Cell>;

export interface BenchContext {
  /** Absolute path of the repository root. */
  repoRoot: string;
  /** Absolute path of the built server entry point (apps/server/dist/main.js). */
  serverEntry: string;
  /** Load duration in seconds for throughput benchmarks (env BENCH_DURATION, default 10). */
  durationS: number;
  /** Progress messages (stderr, so that stdout stays the tables). */
  log: (message: string) => void;
}

export interface BenchResult {
  /** Column order of the printed table; every row should have these keys. */
  columns: string[];
  rows: Row[];
  /** Parameters worth recording next to the numbers (durations, connections, log level…). */
  params: Record<string, Cell>;
  /** Free-text remarks printed under the table (skipped rows, caveats). */
  notes: string[];
}

export interface Benchmark {
  name: string;
  title: string;
  /** Position when every benchmark runs (ascending). */
  order: number;
  run: (ctx: BenchContext) => Promise<BenchResult>;
}
