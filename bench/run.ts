// Runs the benchmarks in bench/benchmarks/ (all, or those named on the command line), prints a
// markdown table for each and writes bench/results/<name>.json.
//   node --import tsx run.ts [name…]        BENCH_DURATION=<s> shortens throughput runs
import { existsSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { machineInfo } from './lib/machine.js';
import { cleanupAll, killAllSync } from './lib/server.js';
import { summaryMarkdown } from './lib/summary.js';
import { markdownTable } from './lib/table.js';
import type { BenchContext, Benchmark } from './lib/types.js';

const BENCH_DIR = import.meta.dirname;
const REPO_ROOT = path.resolve(BENCH_DIR, '..');
const RESULTS_DIR = path.join(BENCH_DIR, 'results');

function isBenchmark(value: unknown): value is Benchmark {
  if (typeof value !== 'object' || value === null) return false;
  const b = value as Partial<Benchmark>;
  return typeof b.name === 'string' && typeof b.run === 'function' && typeof b.order === 'number';
}

async function loadBenchmarks(): Promise<Benchmark[]> {
  const dir = path.join(BENCH_DIR, 'benchmarks');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.ts')).sort();
  const found: Benchmark[] = [];
  for (const file of files) {
    const mod = (await import(pathToFileURL(path.join(dir, file)).href)) as { default?: unknown };
    if (!isBenchmark(mod.default)) throw new Error(`${file} does not default-export a Benchmark`);
    found.push(mod.default);
  }
  return found.sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
}

function durationFromEnv(): number {
  const raw = process.env.BENCH_DURATION;
  if (raw === undefined || raw === '') return 10;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0 || value > 600) {
    throw new Error(`BENCH_DURATION must be a number of seconds in (0, 600], got ${raw}`);
  }
  return value;
}

function installSignalHandlers(): void {
  process.once('exit', killAllSync);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping every spawned process`);
      killAllSync();
      process.exit(130);
    });
  }
}

async function main(): Promise<number> {
  installSignalHandlers();
  const serverEntry = path.resolve(
    process.env.METAMORPH_SERVER_ENTRY ?? path.join(REPO_ROOT, 'apps/server/dist/main.js'),
  );
  if (!existsSync(serverEntry)) {
    console.error(`${serverEntry} does not exist: run \`npm run build\` at the repository root.`);
    return 1;
  }
  const all = await loadBenchmarks();
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !all.some((b) => b.name === w));
  if (unknown.length) {
    console.error(
      `unknown benchmark(s): ${unknown.join(', ')}; available: ${all.map((b) => b.name).join(', ')}`,
    );
    return 2;
  }
  const selected = wanted.length ? all.filter((b) => wanted.includes(b.name)) : all;
  const ctx: BenchContext = {
    repoRoot: REPO_ROOT,
    serverEntry,
    durationS: durationFromEnv(),
    log: (message) => console.error(`  · ${message}`),
  };
  await mkdir(RESULTS_DIR, { recursive: true });

  let failures = 0;
  for (const bench of selected) {
    console.error(`\n▶ ${bench.name}`);
    const machine = machineInfo(REPO_ROOT);
    const started = performance.now();
    try {
      const result = await bench.run(ctx);
      const elapsed_s = Math.round((performance.now() - started) / 100) / 10;
      console.log(`\n## ${bench.name}: ${bench.title}\n`);
      console.log(markdownTable(result.columns, result.rows));
      const [load1 = 0] = machine.load_avg;
      if (load1 > machine.cpus.count) {
        result.notes.push(
          `Machine busy: 1-min load average ${load1} on ${machine.cpus.count} CPUs when this ` +
            'benchmark started; other work competed for the CPUs, so the numbers are noisy.',
        );
      }
      for (const note of result.notes) console.log(`\n> ${note}`);
      const file = path.join(RESULTS_DIR, `${bench.name}.json`);
      const json = { benchmark: bench.name, title: bench.title, machine, elapsed_s, ...result };
      await writeFile(file, `${JSON.stringify(json, null, 2)}\n`);
      console.error(`  · wrote ${path.relative(REPO_ROOT, file)} (${elapsed_s} s)`);
    } catch (err) {
      failures += 1;
      console.error(
        `✗ ${bench.name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
      );
    } finally {
      await cleanupAll();
    }
  }
  const summary = path.join(RESULTS_DIR, 'summary.md');
  await writeFile(summary, summaryMarkdown(RESULTS_DIR));
  console.error(`\n  · wrote ${path.relative(REPO_ROOT, summary)}`);
  return failures ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    killAllSync();
    process.exitCode = 1;
  },
);
