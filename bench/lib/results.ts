import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import type pg from 'pg';
import type { Api } from './missions.js';
import { procStatusBytes } from './proc.js';
import { percentile } from './stats.js';

/** Techniques of apps/server/test/fixtures/attack/mini-enterprise.json (none revoked). */
export const MINI_TECHNIQUES = [
  'T1059.001',
  'T1105',
  'T1027',
  'T1566.001',
  'T1204',
  'T1059',
  'T1027.004',
  'T1566',
] as const;

export function miniEnterpriseBundle(repoRoot: string): string {
  return path.join(repoRoot, 'apps/server/test/fixtures/attack/mini-enterprise.json');
}

/** Runs `fn` over `items` with at most `limit` calls in flight. */
export async function bounded<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

type Fact = 'yes' | 'no';
type LevelKey = 'not_detected' | 'logged' | 'alerted' | 'prevented';
const LEVEL_KEYS: readonly LevelKey[] = ['not_detected', 'logged', 'alerted', 'prevented'];

/** Tool facts whose suggestion is exactly `key` (no override reason needed). */
function facts(key: LevelKey, edr: string, siem: string) {
  const tool = (id: string, prevented: Fact, alerted: Fact, logged: Fact) => ({
    defence_tool_id: id,
    prevented,
    alerted,
    logged,
  });
  switch (key) {
    case 'prevented':
      return [tool(edr, 'yes', 'no', 'yes'), tool(siem, 'no', 'no', 'yes')];
    case 'alerted':
      return [tool(edr, 'no', 'no', 'no'), tool(siem, 'no', 'yes', 'yes')];
    case 'logged':
      return [tool(edr, 'no', 'no', 'no'), tool(siem, 'no', 'no', 'yes')];
    case 'not_detected':
      return [tool(edr, 'no', 'no', 'no'), tool(siem, 'no', 'no', 'no')];
  }
}

/** What test `i` of the seeded mission ends as. */
export function plannedFate(i: number): 'pending' | 'skipped' | 'blocked' | 'executed' | LevelKey {
  if (i % 10 === 0) return 'pending';
  if (i % 50 === 7) return 'skipped';
  if (i % 50 === 13) return 'blocked';
  if (i % 50 === 21) return 'executed'; // outcome recorded, awaiting blue's review
  return LEVEL_KEYS[(i * 7 + Math.floor(i / 13)) % LEVEL_KEYS.length]!;
}

export interface SeedResult {
  seconds: number;
  requests: number;
  fates: Record<string, number>;
}

/**
 * Two defence tools (EDR, SIEM), then per test: executed → tool results + detection level →
 * reviewed_by_blue, with `concurrency` tests in flight (each test's writes in a row).
 */
export async function seedOutcomes(
  http: Api,
  missionId: string,
  testIds: readonly string[],
  concurrency: number,
): Promise<SeedResult> {
  const m = `/api/missions/${missionId}`;
  const edr = await http.post<{ id: string }>(`${m}/assets`, {
    kind: 'defence_tool',
    name: 'Bench EDR',
    layer: 'edr',
  });
  const siem = await http.post<{ id: string }>(`${m}/assets`, {
    kind: 'defence_tool',
    name: 'Bench SIEM',
    layer: 'siem',
  });
  const { items } = await http.get<{ items: Array<{ id: string; key: string }> }>(
    '/api/detection-levels',
  );
  const levelId = new Map(items.map((l) => [l.key, l.id]));
  for (const k of LEVEL_KEYS) if (!levelId.has(k)) throw new Error(`no detection level ${k}`);

  const fates: Record<string, number> = {};
  let requests = 0;
  const started = performance.now();
  await bounded(testIds, concurrency, async (testId, i) => {
    const fate = plannedFate(i);
    fates[fate] = (fates[fate] ?? 0) + 1;
    const t = `${m}/tests/${testId}`;
    if (fate === 'pending') return;
    if (fate === 'skipped' || fate === 'blocked') {
      await http.post(`${t}/transition`, { state: fate, reason: 'bench' }, 200);
      requests += 1;
      return;
    }
    await http.post(`${t}/transition`, { state: 'executed' }, 200);
    const key = fate === 'executed' ? 'alerted' : fate;
    await http.put(t, {
      tool_results: facts(key, edr.id, siem.id),
      detection_level_id: levelId.get(key),
    });
    requests += 2;
    if (fate === 'executed') return;
    await http.post(`${t}/transition`, { state: 'reviewed_by_blue' }, 200);
    requests += 1;
  });
  return { seconds: (performance.now() - started) / 1000, requests, fates };
}

const COUNTS_SQL = `
  SELECT t.state, l.key AS level_key, count(*)::int AS n
  FROM mission_tests t
  JOIN mission_scenarios s ON s.id = t.scenario_id AND s.deleted_at IS NULL
  LEFT JOIN detection_levels l ON l.id = t.detection_level_id
  WHERE t.mission_id = $1 AND t.deleted_at IS NULL
  GROUP BY t.state, l.key`;
const WORST_SQL = `
  SELECT a.external_id, count(*)::int AS tests,
         count(*) FILTER (WHERE t.state = 'reviewed_by_blue' AND l.id IS NOT NULL)::int AS with_outcome,
         min(l.rank) FILTER (WHERE t.state = 'reviewed_by_blue') AS worst_rank,
         count(*) FILTER (WHERE t.state = 'reviewed_by_blue'
                          AND l.counts_as IN ('alerted', 'prevented'))::int AS detected
  FROM mission_test_attack a
  JOIN mission_tests t ON t.id = a.test_id
  JOIN mission_scenarios s ON s.id = t.scenario_id AND s.deleted_at IS NULL
  LEFT JOIN detection_levels l ON l.id = t.detection_level_id
  WHERE t.mission_id = $1 AND t.deleted_at IS NULL AND a.kind IN ('technique', 'subtechnique')
  GROUP BY a.external_id`;

/** One raw read of the same numbers: counts by state × level, worst rank per technique. */
export async function rawResultsRead(pool: pg.Pool, missionId: string): Promise<number> {
  const counts = await pool.query(COUNTS_SQL, [missionId]);
  const worst = await pool.query(WORST_SQL, [missionId]);
  return JSON.stringify({ counts: counts.rows, worst: worst.rows }).length;
}

export interface RawLoad {
  opsPerS: number;
  p50Ms: number;
  p99Ms: number;
  bytes: number;
}

/** `workers` async loops of `op` until `durationS` has passed. */
export async function rawLoad(
  op: () => Promise<number>,
  durationS: number,
  workers: number,
): Promise<RawLoad> {
  const bytes = await op();
  const durations: number[] = [];
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await op();
      durations.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  return {
    opsPerS: durations.length / ((performance.now() - started) / 1000),
    p50Ms: percentile(durations, 50),
    p99Ms: percentile(durations, 99),
    bytes,
  };
}

export interface Download {
  status: number;
  ms: number;
  bytes: number;
  /** RSS before, and peak RSS during, the download (bytes), and how the peak was read. */
  rssBefore: number;
  peakRss: number;
  rssMethod: string;
}

/**
 * GET `url` and read the whole body; the server's peak RSS is VmHWM after resetting it
 * (`echo 5 > /proc/<pid>/clear_refs`), else the highest VmRSS sampled every 5 ms.
 */
export async function download(url: string, cookie: string, pid: number): Promise<Download> {
  let method = 'VmHWM after clear_refs reset';
  try {
    await writeFile(`/proc/${pid}/clear_refs`, '5');
    await readFile(`/proc/${pid}/status`, 'utf8');
  } catch {
    method = 'max VmRSS sampled every 5 ms';
  }
  const rssBefore = await procStatusBytes(pid, 'VmRSS');
  let sampled = rssBefore;
  const sampler = setInterval(() => {
    procStatusBytes(pid, 'VmRSS').then(
      (v) => (sampled = Math.max(sampled, v)),
      () => undefined,
    );
  }, 5);
  const t0 = performance.now();
  try {
    const res = await fetch(url, { headers: { cookie } });
    const body = await res.arrayBuffer();
    const ms = performance.now() - t0;
    const hwm = await procStatusBytes(pid, 'VmHWM');
    const peakRss = method.startsWith('VmHWM') ? hwm : sampled;
    return {
      status: res.status,
      ms,
      bytes: body.byteLength,
      rssBefore,
      peakRss,
      rssMethod: method,
    };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Waits until the server has finished what a load run left in flight (autocannon stops at its
 * deadline; the server still answers the open requests): < 2% of a CPU over 500 ms, or 180 s.
 */
export async function settle(pid: number, cpuSeconds: (pid: number) => Promise<number>) {
  const started = performance.now();
  let last = await cpuSeconds(pid);
  while (performance.now() - started < 180_000) {
    await new Promise((r) => setTimeout(r, 500));
    const now = await cpuSeconds(pid);
    if (now - last < 0.01) break;
    last = now;
  }
  return (performance.now() - started) / 1000;
}
