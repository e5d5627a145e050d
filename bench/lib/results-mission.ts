import { importBundle } from './attack.js';
import { missionLibraryDocument, type Api } from './missions.js';
import { MINI_TECHNIQUES, miniEnterpriseBundle, seedOutcomes } from './results.js';
import type { RunningServer } from './server.js';
import { round } from './stats.js';
import type { BenchContext } from './types.js';

interface Plan {
  scenarios: Array<{ tests: Array<{ id: string }> }>;
}

export interface MissionShape {
  scenarios: number;
  perScenario: number;
  /** Tests seeded at once. */
  concurrency: number;
  /** Distinguishes several seeded missions on one server (library keys, names). */
  tag?: string;
}

export interface SeededResultsMission {
  missionId: string;
  clientId: string;
  testIds: string[];
  seedS: number;
}

/**
 * A mission with known outcomes through the API: the mini ATT&CK bundle (once per server),
 * a library of scenarios × perScenario tests, the mission, then outcomes (seedOutcomes).
 */
export async function seedMission(
  ctx: BenchContext,
  label: string,
  http: Api,
  server: RunningServer,
  cookie: string,
  notes: string[],
  shape: MissionShape,
): Promise<SeededResultsMission> {
  const tests = shape.scenarios * shape.perScenario;
  const tag = shape.tag ?? '';
  ctx.log(`${label}: importing mini-enterprise.json and ${tests} library tests`);
  if (!tag) await importBundle(server.url, cookie, miniEnterpriseBundle(ctx.repoRoot));
  const doc = missionLibraryDocument(tests, shape.scenarios, shape.perScenario, MINI_TECHNIQUES);
  const prefix = `bench${tag}:`;
  const retagged = tag ? JSON.parse(JSON.stringify(doc).replaceAll('"bench:', `"${prefix}`)) : doc;
  await http.post('/api/library/import', retagged, 200);
  const page = await http.get<{ items: Array<{ id: string; key: string }> }>(
    '/api/library/scenarios?limit=200',
  );
  const templates = page.items
    .filter((s) => s.key.startsWith(`${prefix}s`))
    .sort((a, b) => (a.key < b.key ? -1 : 1));
  if (templates.length !== shape.scenarios) throw new Error(`found ${templates.length} templates`);
  const client = await http.post<{ id: string }>('/api/clients', { name: `Bench client${tag}` });
  const mission = await http.post<{ id: string }>('/api/missions', {
    client_id: client.id,
    name: `Bench results ${shape.scenarios} × ${shape.perScenario}${tag}`,
  });
  for (const t of templates) {
    await http.post(`/api/missions/${mission.id}/scenarios`, { scenario_template_id: t.id });
  }
  const plan = await http.get<Plan>(`/api/missions/${mission.id}/plan`);
  const testIds = plan.scenarios.flatMap((s) => s.tests.map((t) => t.id));
  if (testIds.length !== tests) throw new Error(`plan has ${testIds.length} tests`);

  ctx.log(`${label}: seeding outcomes, ${shape.concurrency} tests in flight`);
  const seed = await seedOutcomes(http, mission.id, testIds, shape.concurrency);
  const dash = await http.get<{ tests: number; by_state: Array<{ state: string; count: number }> }>(
    `/api/missions/${mission.id}/dashboard`,
  );
  notes.push(
    `${label}: seeding ${tests} tests took ${round(seed.seconds, 1)} s ` +
      `(${seed.requests} writes, ${round(seed.requests / seed.seconds, 0)} writes/s, ` +
      `${shape.concurrency} tests in flight); fates ${JSON.stringify(seed.fates)}; dashboard ` +
      `says ${dash.tests} tests, ${dash.by_state.map((s) => `${s.state} ${s.count}`).join(', ')}.`,
  );
  return { missionId: mission.id, clientId: client.id, testIds, seedS: seed.seconds };
}
