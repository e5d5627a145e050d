// bench/results/summary.md: the figures of issue 21's table (figure, goal, now), read from the
// result files in bench/results/ — the latest run of each benchmark, whenever it ran.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { markdownTable } from './table.js';
import type { Cell, Row } from './types.js';

interface ResultFile {
  benchmark: string;
  machine: { timestamp: string; load_avg: number[]; cpus: { count: number } };
  rows: Row[];
}

type Verdict = 'yes' | 'no' | '—';

interface Figure {
  figure: string;
  goal: string;
  benchmark: string;
  /** What the rows say now, and whether it meets the goal; null when the row is absent. */
  read(rows: Row[]): { now: string; met: Verdict } | null;
}

const num = (c: Cell | undefined): number | null => (typeof c === 'number' ? c : null);
const rowOf = (rows: Row[], key: string, test: (v: string) => boolean) =>
  rows.find((r) => typeof r[key] === 'string' && test(r[key]));
const verdict = (ok: boolean | null): Verdict => (ok === null ? '—' : ok ? 'yes' : 'no');

function atMost(key: string, goal: number, unit: string, pick: (rows: Row[]) => Row | undefined) {
  return (rows: Row[]) => {
    const v = num(pick(rows)?.[key]);
    return v === null ? null : { now: `${v} ${unit}`, met: verdict(v <= goal) };
  };
}

const byDatabase = (db: string) => (rows: Row[]) => rowOf(rows, 'database', (v) => v === db);

export const FIGURES: Figure[] = [
  {
    figure: 'idle RSS after start, PGlite',
    goal: '≤ 300 MiB',
    benchmark: 'idle-rss',
    read: atMost('RSS MiB', 300, 'MiB', (rows) =>
      rowOf(rows, 'target', (v) => v.startsWith('metamorph, PGlite')),
    ),
  },
  {
    figure: 'idle RSS after start, PostgreSQL',
    goal: '≤ 120 MiB',
    benchmark: 'idle-rss',
    read: atMost('RSS MiB', 120, 'MiB', (rows) =>
      rowOf(rows, 'target', (v) => v.startsWith('metamorph, PostgreSQL')),
    ),
  },
  {
    figure: 'PUT a mission test, 50 connections, PostgreSQL p99',
    goal: '≤ 150 ms',
    benchmark: 'test-execution',
    read: atMost('PUT p99 ms', 150, 'ms', byDatabase('PostgreSQL')),
  },
  {
    figure: 'PUT a mission test, PostgreSQL server CPU per PUT',
    goal: '≤ 3 ms',
    benchmark: 'test-execution',
    read: atMost('server CPU ms/PUT', 3, 'ms', byDatabase('PostgreSQL')),
  },
  {
    figure: 'PUT a mission test, 50 connections, PGlite p99',
    goal: '≤ 1,000 ms',
    benchmark: 'test-execution',
    read: atMost('PUT p99 ms', 1000, 'ms', byDatabase('PGlite')),
  },
  {
    figure: 'GET /plan of 1,000 tests, 50 connections, PostgreSQL ratio to raw SQL',
    goal: '≥ 1.5',
    benchmark: 'mission-plan',
    read: (rows) => {
      const r = byDatabase('PostgreSQL')(rows);
      const v = num(r?.ratio);
      if (!r || v === null) return null;
      return { now: `${v} (${r['req/s']} req/s, p99 ${r['p99 ms']} ms)`, met: verdict(v >= 1.5) };
    },
  },
  {
    figure: 'GET /plan of 1,000 tests, 50 connections, PGlite',
    goal: '0 timeouts (p99 shown)',
    benchmark: 'mission-plan',
    read: (rows) => {
      const r = byDatabase('PGlite')(rows);
      return r ? { now: `${r['req/s']} req/s, p99 ${r['p99 ms']} ms`, met: '—' } : null;
    },
  },
  {
    figure: 'technique search, 50 connections (PGlite)',
    goal: 'p99 ≤ 4 × p50',
    benchmark: 'attack-matrix',
    read: (rows) => {
      const r = rowOf(rows, 'request', (v) => v.startsWith('GET /api/attack/techniques?q='));
      const p50 = num(r?.['p50 ms']);
      const p99 = num(r?.['p99 ms']);
      if (p50 === null || p99 === null) return null;
      return { now: `p50 ${p50} ms, p99 ${p99} ms`, met: verdict(p99 <= 4 * p50) };
    },
  },
  {
    figure: 'evidence upload vs sha256sum + cp + sync (lowest ratio)',
    goal: '≥ 0.8',
    benchmark: 'evidence-upload',
    read: (rows) => {
      const ratios = rows.map((r) => num(r.ratio)).filter((v): v is number => v !== null);
      if (ratios.length === 0) return null;
      const low = Math.min(...ratios);
      return { now: String(low), met: verdict(low >= 0.8) };
    },
  },
];

function readResult(dir: string, name: string): ResultFile | null {
  const file = path.join(dir, `${name}.json`);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ResultFile;
  } catch {
    return null;
  }
}

/** The summary's markdown: one row per figure, from the latest result file of its benchmark. */
export function summaryMarkdown(dir: string): string {
  const rows: Row[] = FIGURES.map((f) => {
    const result = readResult(dir, f.benchmark);
    const read = result ? f.read(result.rows) : null;
    const load = result?.machine.load_avg[0];
    const busy = result && load !== undefined && load > result.machine.cpus.count;
    return {
      figure: f.figure,
      goal: f.goal,
      now: read?.now ?? (result ? 'not in the result' : 'not run'),
      met: read?.met ?? '—',
      benchmark: f.benchmark,
      measured: result ? `${result.machine.timestamp.slice(0, 16)}Z${busy ? ' (busy)' : ''}` : '—',
    };
  });
  return [
    '# Where the project stands (issue 21)',
    '',
    'Written by `bench/run.ts` after every run, from the latest `bench/results/<benchmark>.json`',
    'of each benchmark. "(busy)": the 1-minute load exceeded the CPU count, the figure is noisy.',
    '',
    markdownTable(['figure', 'goal', 'now', 'met', 'benchmark', 'measured'], rows),
    '',
  ].join('\n');
}
