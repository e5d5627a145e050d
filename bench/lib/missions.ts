import type pg from 'pg';
import { percentile } from './stats.js';

const PLATFORMS = ['Windows', 'Linux', 'macOS', 'Containers', 'IaaS'];
const TAGS = ['initial', 'persistence', 'cloud', 'ransomware', 'insider', 'phishing', 'lateral'];
const TECHNIQUES = ['T1059', 'T1059.001', 'T1003', 'T1566.001', 'T1021.002', 'T1486', 'T1055'];

/**
 * A library document of `tests` test templates and `scenarios` × `perScenario` scenarios; each
 * test carries two of `techniques` (ATT&CK ids) as its attack_ids.
 */
export function missionLibraryDocument(
  tests: number,
  scenarios: number,
  perScenario: number,
  techniques: readonly string[] = TECHNIQUES,
) {
  if (scenarios * perScenario > tests) throw new Error('not enough tests for distinct keys');
  const testKey = (i: number) => `bench:t${String(i).padStart(4, '0')}`;
  return {
    format: 'metamorph.library',
    format_version: 1,
    exported_at: new Date().toISOString(),
    tests: Array.from({ length: tests }, (_, i) => ({
      key: testKey(i),
      version: 1,
      source: 'manual',
      source_ref: null,
      name: `Bench procedure ${i}`,
      description: `Synthetic template ${i} for the mission-plan benchmark.`,
      attack_ids: [techniques[i % techniques.length]!, techniques[(i + 3) % techniques.length]!],
      platforms: [PLATFORMS[i % PLATFORMS.length]!],
      tags: [TAGS[i % TAGS.length]!],
    })),
    scenarios: Array.from({ length: scenarios }, (_, s) => ({
      key: `bench:s${String(s).padStart(2, '0')}`,
      version: 1,
      name: `Bench scenario ${s}`,
      description: null,
      tags: [],
      test_keys: Array.from({ length: perScenario }, (_, j) => testKey(s * perScenario + j)),
    })),
  };
}

export interface Api {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown, expect?: number): Promise<T>;
  put<T>(path: string, body: unknown, expect?: number): Promise<T>;
}

/** JSON calls as the signed-in admin (writes carry `x-requested-with`). */
export function api(url: string, cookie: string): Api {
  const call = async <T>(method: string, path: string, body: unknown, expect: number) => {
    const res = await fetch(url + path, {
      method,
      headers:
        body === undefined
          ? { cookie }
          : { cookie, 'x-requested-with': 'metamorph', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status !== expect) {
      throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
    }
    return (await res.json()) as T;
  };
  return {
    get: (path) => call('GET', path, undefined, 200),
    post: (path, body, expect = 201) => call('POST', path, body, expect),
    put: (path, body, expect = 200) => call('PUT', path, body, expect),
  };
}

const SCENARIOS_SQL = `
  SELECT id, name, description, position, template_key, template_version
  FROM mission_scenarios
  WHERE mission_id = $1 AND deleted_at IS NULL
  ORDER BY position`;
const TESTS_SQL = `
  SELECT id, scenario_id, position, snapshot_name, state, assignee_id, planned_on,
         hidden_from_blue, template_key, template_version, version, detection_level_id,
         expected_outcomes
  FROM mission_tests
  WHERE mission_id = $1 AND deleted_at IS NULL
  ORDER BY position`;
const TAGS_SQL = `
  SELECT a.test_id, a.position, a.kind, a.external_id, a.name, a.url, a.attack_release,
         a.tactics
  FROM mission_test_attack a
  JOIN mission_tests t ON t.id = a.test_id
  WHERE t.mission_id = $1 AND t.deleted_at IS NULL
  ORDER BY a.position`;

/** One raw read of the plan's rows: three queries in a row, then JSON.stringify. */
export async function rawPlanRead(pool: pg.Pool, missionId: string): Promise<number> {
  const scenarios = await pool.query(SCENARIOS_SQL, [missionId]);
  const tests = await pool.query(TESTS_SQL, [missionId]);
  const tags = await pool.query(TAGS_SQL, [missionId]);
  return JSON.stringify({ scenarios: scenarios.rows, tests: tests.rows, tags: tags.rows }).length;
}

export interface RawLoad {
  ops: number;
  opsPerS: number;
  p50Ms: number;
  p99Ms: number;
  bytes: number;
}

/** `workers` async loops of `rawPlanRead` until `durationS` has passed. */
export async function rawPlanLoad(
  pool: pg.Pool,
  missionId: string,
  durationS: number,
  workers: number,
): Promise<RawLoad> {
  const bytes = await rawPlanRead(pool, missionId);
  const durations: number[] = [];
  const started = performance.now();
  const deadline = started + durationS * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      await rawPlanRead(pool, missionId);
      durations.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    ops: durations.length,
    opsPerS: durations.length / seconds,
    p50Ms: percentile(durations, 50),
    p99Ms: percentile(durations, 99),
    bytes,
  };
}
